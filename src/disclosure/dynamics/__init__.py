"""Per conversation and speaker: reciprocity, penetration trajectories, reinforcement, the helper monitor, compare."""
