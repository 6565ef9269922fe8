"""English news text in general, before anything about attacks: sentences (datelines, headlines and page
clutter set apart), number words ("three", "dozens"), and dates resolved against a publication day with a
precision ("last Sunday", "December 5", "several days ago").

- `language.sentences`: a report's text split into sentences.
- `language.numbers`: number words and figures read as counts.
- `language.dates`: date expressions to a day, week, month or range; the day an undated page's text pins down.

Imports nothing of the project's: reading reports and extracting attacks both build on it.
"""
