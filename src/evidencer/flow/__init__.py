"""The one flow every command runs: a frozen plan built once, then collect, classify, store and
report."""
