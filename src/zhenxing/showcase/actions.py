"""The audit actions of the "绝活" showcase."""

from django.db import models

from zhenxing.orgs.audit import actions


@actions
class ShowcaseAction(models.TextChoices):
    NOMINATION_SAVED = "showcase.nomination.saved", "保存“绝活”推荐"
    NOMINATION_DELETED = "showcase.nomination.deleted", "删除“绝活”推荐"
    WORK_ADDED = "showcase.work.added", "添加“绝活”作品"
    WORK_REMOVED = "showcase.work.removed", "删除“绝活”作品"
    SUBMITTED = "showcase.nomination.submitted", "提交“绝活”推荐"
    APPROVED = "showcase.nomination.approved", "审核通过“绝活”推荐"
    RETURNED = "showcase.nomination.returned", "退回“绝活”推荐"
    FEATURED = "showcase.nomination.featured", "推荐全区宣传（选树）"
    UNFEATURED = "showcase.nomination.unfeatured", "取消全区宣传推荐"
    HIDDEN = "showcase.nomination.hidden", "下架“绝活”作品"
    SHOWN = "showcase.nomination.shown", "恢复展示“绝活”作品"
