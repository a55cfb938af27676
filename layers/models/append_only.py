class AppendOnly:
    """A record of what happened (an event of a case, a call-back attempt): saved once, then never
    changed or deleted through the ORM, so the history survives any dispute."""

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError(f"{type(self).__name__} is append-only: a stored record cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(f"{type(self).__name__} is append-only: a stored record cannot be deleted")
