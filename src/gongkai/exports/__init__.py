"""Document writers: spreadsheets and Word tables that open in WPS, Excel and Word."""
