"""The project window: the document list and its filters, the status bar, toolbar, keys,
closing, remembered layout and the predictions the window shows."""
