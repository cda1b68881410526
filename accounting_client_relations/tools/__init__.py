from .text import check_plain_text
