"""The shipped editions' rulebooks, one TOML file each.

DEFAULT is the edition a calculator's input that names none is judged by: the one the
calculators' contract says is always present, so that a file written before another edition
shipped keeps its meaning (judging it by the newest edition would change its verdicts silently).
"""

DEFAULT = "2020-nmg"
