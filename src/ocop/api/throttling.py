from rest_framework.throttling import SimpleRateThrottle


class LoginFailureThrottle(SimpleRateThrottle):
    """Refuses sign-in attempts from an address after too many failures (the "login" rate).

    Only failed attempts count: the view calls `record_failure` when credentials are wrong, so
    a person who signs in correctly is never locked out by their own successes.
    """

    scope = "login"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def _load(self, request, view) -> None:
        self.key = self.get_cache_key(request, view)
        self.now = self.timer()
        self.history = [
            moment for moment in self.cache.get(self.key, []) if moment > self.now - self.duration
        ]

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        self._load(request, view)
        if len(self.history) >= self.num_requests:
            return self.throttle_failure()
        return True

    def record_failure(self, request, view) -> None:
        if self.rate is None:
            return
        self._load(request, view)
        self.history.insert(0, self.now)
        self.cache.set(self.key, self.history, self.duration)
