# One image for every process of the app: web (gunicorn), migrate, Celery worker and beat.
# docker-compose.yml runs them; docs/deployment.md explains how.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN groupadd --system app \
    && useradd --system --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies before the code, so that a code change does not reinstall them. The project is a pyproject
# without packages: installing "." installs its dependencies, pinned to the versions CI tested.
COPY pyproject.toml ./
COPY requirements/constraints.txt requirements/
RUN pip install -c requirements/constraints.txt . \
    && rm -rf build *.egg-info

COPY . .

ENV DJANGO_SETTINGS_MODULE=postpurchase.settings.production \
    POSTPURCHASE_VAR_DIR=/app/var \
    STATIC_ROOT=/app/staticfiles

# Production settings refuse to load without a real-looking secret key and allowed hosts. collectstatic
# uses neither, so this one step gets throwaway values that are not kept in the image; its var folder
# goes to /tmp for the same reason. The collected files stay owned by root: the app only reads them.
RUN SECRET_KEY=build-time-only-for-collectstatic-never-used-to-sign-anything-0123456789 \
    ALLOWED_HOSTS=build.invalid \
    POSTPURCHASE_VAR_DIR=/tmp/build-var \
    python manage.py collectstatic --noinput \
    && rm -rf /tmp/build-var

# The app writes only below var/ (uploads in var/media, mounted as a volume by docker-compose.yml).
RUN install -d -o app -g app /app/var /app/var/media
USER app

EXPOSE 8000
# No HEALTHCHECK here: the worker and beat run from this image too and serve no HTTP.
# docker-compose.yml gives the web service its own check against /healthz.
CMD ["gunicorn", "postpurchase.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
