"""The anonymity layers of a final (rules.md §4.3): contest numbers from the draw of lots,
stations drawn at check-in (检录), review numbers for work judged after the contest. Judges see
only the layer the event judges by (`Final.judged_by`)."""

from django.db import models


class Layer(models.TextChoices):
    NUMBER = "number", "参赛号"
    STATION = "station", "工位号"
    REVIEW = "review", "评审号"

    @property
    def field(self) -> str:
        """The Competitor field holding this layer's label."""
        return {"number": "number", "station": "station", "review": "review_number"}[self.value]

    @property
    def prefix(self) -> str:
        """What this layer's labels start with: 001…, G001…, P001…"""
        return {"number": "", "station": "G", "review": "P"}[self.value]

    @classmethod
    def order(cls) -> list:
        """The order layers are drawn in (and decrypted in reverse)."""
        return [cls.NUMBER, cls.STATION, cls.REVIEW]
