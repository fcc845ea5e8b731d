"""Write: the form clerks fill, the summary workbook, the JSON documents — always atomically."""
