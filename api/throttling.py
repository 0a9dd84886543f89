from rest_framework.throttling import SimpleRateThrottle


class TokenRateThrottle(SimpleRateThrottle):
    """A request budget per API key (``DEFAULT_THROTTLE_RATES["token"]``), counted in fixed windows of the
    rate's period: one atomic increment of a counter in the cache per request. (DRF's own throttle keeps the
    time of every request of the period in one cache entry: at a budget of 60,000 a minute, a busy key read
    and wrote a list of tens of thousands of floats on every request, and concurrent requests overwrote each
    other's counts.) At a window's edge a key can get up to twice its budget within one period."""

    scope = "token"

    def get_cache_key(self, request, view):
        if request.auth is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        now = self.timer()
        window = int(now // self.duration)
        self.wait_seconds = (window + 1) * self.duration - now
        counter = f"{key}:{window}"
        try:
            count = self.cache.incr(counter)
        except ValueError:  # the window's first request; unless another one was just as quick, it counts 1
            count = 1 if self.cache.add(counter, 1, self.duration + 1) else self.cache.incr(counter)
        return count <= self.num_requests

    def wait(self):
        return self.wait_seconds
