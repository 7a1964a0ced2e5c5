"""Coach mode: a roster of athletes, one plan each, and an index."""
