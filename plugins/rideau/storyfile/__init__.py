"""The story-file format: front matter and body, read by the build and written by ingestion."""
