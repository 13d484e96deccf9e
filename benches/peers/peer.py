"""One peer over a folder of letters: load it, run it over every file, print one JSON line.

Run by run.py under /usr/bin/time (peak RSS); not meant to be run by hand, though it can be:
    python peer.py PEER CORPUS_DIR [LIMIT]
PEER is presidio, edsnlp, unpii (one thread) or unpii-all (every core).
The line: {"peer", "docs", "bytes", "load_s", "run_s", "cpu_s", "spans"}; run_s is the processing time
alone (the model or rules loaded before), cpu_s the CPU time of it (every thread: on a
machine shared with other work the wall time overstates it), load_s the time to load them.
"""

import json
import os
import re
import sys
import time


def load_texts(folder, limit):
    names = sorted(n for n in os.listdir(folder) if n.endswith(".txt"))
    if limit:
        names = names[:limit]
    texts = []
    for n in names:
        with open(os.path.join(folder, n), encoding="utf-8") as f:
            texts.append(f.read())
    return texts


def presidio():
    """Presidio's analyzer with spaCy fr_core_news_sm: its French recognizers (e-mail, phone,
    IBAN, dates, …) and the spaCy NER (PERSON, LOCATION, ORGANIZATION), in batches through
    spaCy's nlp.pipe (BatchAnalyzerEngine, the documented path for many texts)."""
    import tldextract
    from presidio_analyzer import AnalyzerEngine, BatchAnalyzerEngine, RecognizerRegistry

    # The e-mail recognizer's tldextract would fetch the public suffix list from the network
    # (none here): the snapshot shipped in the package, as an offline host would use.
    tldextract.tldextract.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=())
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    nlp = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "fr", "model_name": "fr_core_news_sm"}],
        }
    ).create_engine()
    registry = RecognizerRegistry(supported_languages=["fr"])
    registry.load_predefined_recognizers(languages=["fr"], nlp_engine=nlp)
    analyzer = AnalyzerEngine(nlp_engine=nlp, registry=registry, supported_languages=["fr"])
    batch = BatchAnalyzerEngine(analyzer_engine=analyzer)

    def run(texts):
        results = batch.analyze_iterator(texts, language="fr", batch_size=64)
        return sum(len(r) for r in results)

    return run


def edsnlp_rules():
    """edsnlp's rule-based pipeline (no trained model): sentences, normalizer, dates, drugs
    (ATC terms) and a regex matcher for the identifiers (phone, e-mail, NIR). eds.cim10 is left
    out: loading its 42,886 terms took 6 minutes here; eds-pseudo's rules are not on PyPI."""
    import edsnlp
    import edsnlp.pipes as eds

    nlp = edsnlp.blank("eds")
    nlp.add_pipe(eds.sentences())
    nlp.add_pipe(eds.normalizer())
    nlp.add_pipe(eds.dates())
    nlp.add_pipe(eds.drugs())
    nlp.add_pipe(
        eds.matcher(
            regex=dict(
                TEL=r"(?<!\d)0[1-9](?:[ .-]?\d{2}){4}(?!\d)",
                MAIL=r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
                NIR=r"(?<!\d)[12]\s?\d{2}\s?(?:0[1-9]|1[0-2])\s?(?:\d{2}|2[AB])\s?\d{3}\s?\d{3}(?:\s?\d{2})?(?!\d)",
            ),
            attr="TEXT",
            span_setter="ents",
        )
    )

    def run(texts):
        n = 0
        for doc in nlp.pipe(texts):
            n += len(doc.ents) + len(doc.spans.get("dates", []))
        return n

    return run


def unpii_one():
    """unpii 0.3.1 (Rust, identifiers and names by rules), one text at a time on one thread."""
    import unpii

    def run(texts):
        return sum(len(unpii.find_spans(t)) for t in texts)

    return run


def unpii_all():
    """unpii's anonymize_batch on every core (rayon)."""
    import unpii

    unpii.set_max_threads(0)
    placeholder = re.compile(r"<[A-Z_]+>")

    def run(texts):
        return sum(len(placeholder.findall(t)) for t in unpii.anonymize_batch(texts))

    return run


PEERS = {"presidio": presidio, "edsnlp": edsnlp_rules, "unpii": unpii_one, "unpii-all": unpii_all}


def main():
    peer, folder = sys.argv[1], sys.argv[2]
    limit = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    texts = load_texts(folder, limit)
    t0 = time.perf_counter()
    run = PEERS[peer]()
    run(texts[:2])  # warm-up: lazy initialisations are part of loading
    t1, c1 = time.perf_counter(), time.process_time()
    spans = run(texts)
    t2, c2 = time.perf_counter(), time.process_time()
    print(
        json.dumps(
            {
                "peer": peer,
                "docs": len(texts),
                "bytes": sum(len(t.encode("utf-8")) for t in texts),
                "load_s": round(t1 - t0, 3),
                "run_s": round(t2 - t1, 3),
                "cpu_s": round(c2 - c1, 3),
                "spans": spans,
            }
        )
    )


if __name__ == "__main__":
    main()
