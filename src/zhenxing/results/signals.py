"""What results tell the layers above them (awards), without knowing them."""

from django.dispatch import Signal

results_changed = Signal()  # sender: Final; its stored results were just recomputed
