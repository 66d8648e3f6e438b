"""The command line: click commands only; each parses options, builds the plan, calls the flow
and prints."""
