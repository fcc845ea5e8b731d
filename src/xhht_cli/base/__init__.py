"""The base every layer stands on: the project's errors, its messages in two languages, text."""
