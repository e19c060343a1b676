"""Similarity between ideas and feedback: embedding, BM25, scoring, index, suggestions."""
