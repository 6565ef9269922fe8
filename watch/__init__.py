"""Watching the news: feeds and section pages configured in one TOML file (config), fetched politely
(fetch) from the public web only (public_web), their articles listed (entries), read (article), judged
(relevance), ingested like a pasted report and recorded (poll, records), and alerts posted to webhooks
(alerts) once and until they are taken (delivery). Changes to the feeds are an admin's, audited (feed_changes).
`frontline watch` and `frontline feeds` (cli/watch.py) drive it; the dashboard's Feeds page shows it.

May import `geo`, `language`, `incidents`, `reports`, `extraction` and `store`.
"""
