"""Reports in: files, pasted text, HTML pages and JSON Lines read into Reports, or refused with a reason
while the rest of the batch goes on.

- `reports.reading`: files and text to Reports (header block, encodings, binary and oversized files, language,
  the publication date, or the day the text pins down when the page gives none); ReportError says why one
  was refused.
- `reports.html`: an HTML page's article text (trafilatura) and the metadata it declares.

May import `incidents` and `language`.
"""
