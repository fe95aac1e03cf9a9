"""gunicorn settings; every value can be overridden with an environment variable."""

import multiprocessing
import os

bind = f"0.0.0.0:{os.environ.get('PORT', '${{ values.port }}')}"
# Fargate tasks have few vCPUs: 2 workers per vCPU plus one, threads for I/O waits.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# ECS sends SIGTERM and waits 30 s before SIGKILL: finish in-flight requests first.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "25"))
# Keep connections from the load balancer open longer than its idle timeout (60 s).
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "75"))
# Heartbeat files in memory, not on the container's overlay filesystem.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# The app logs each request as JSON itself; gunicorn's own logs go to stderr.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
forwarded_allow_ips = "*"
