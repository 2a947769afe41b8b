"""newswire: ingest RSS/Atom feeds into deduplicated, tagged, editable story drafts.

The pipeline (pipeline.py) runs one module per stage:
fetch -> parse -> clean -> classify -> tag -> cluster -> write. The command is
`newswire ingest` (cli.py); its outward contract is ../shared/newswire-contract.md.
"""
