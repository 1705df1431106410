"""Self-contained HTML reports: render what the other packages summarise (no analysis here)."""
