from xhht_cli.cli import main

main()
