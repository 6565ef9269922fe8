"""What an analyst reads of a Markdown text Streamlit shows (AppTest gives the Markdown source): the
escapes that keep a link's values from formatting themselves (ui.app.plain) removed."""
import re


def as_shown(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)
