"""Judging an item: the rubric (the user's explicit rules), the shipped model, and the reasons
a reader understands."""
