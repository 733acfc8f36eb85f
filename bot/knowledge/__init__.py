"""Q&A over KL14, NĐ73 and letter 2390: the knowledge base, Vietnamese normalisation, ranking."""
