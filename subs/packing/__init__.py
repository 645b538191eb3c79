"""``subs pack``: stages (source, translations), platform files, web page, QA report, manifest."""
