"""What the finals tell the layers above them, without knowing them: results (`results/`) listen.

Both are sent inside the writing transaction, with the final's row locked.
"""

from django.dispatch import Signal

scores_changed = Signal()  # sender: Final; a mark, a theory score, the scheme or an absence
final_locked = Signal()  # sender: Final; the chief judge has locked its scores
