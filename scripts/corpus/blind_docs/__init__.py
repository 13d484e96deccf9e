"""The documents of the blind evaluation set, by format (see ../gen_blind.py)."""


def all_docs():
    from . import text_a, text_b, mails, pdfs, cdas
    docs = []
    for mod in (text_a, text_b, mails, pdfs, cdas):
        docs += mod.DOCS
    return docs
