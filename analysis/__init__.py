"""Pure statistics library for survey answers: pandas, numpy and scipy only (no Flask, no SQL)."""
