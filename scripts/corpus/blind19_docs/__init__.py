"""The documents of corpus/blind19/ (see ../gen_blind19.py)."""


def all_docs():
    from . import banners, tables, forms, prose, mails_html
    docs = []
    for mod in (banners, tables, forms, prose, mails_html):
        docs += mod.DOCS
    return docs
