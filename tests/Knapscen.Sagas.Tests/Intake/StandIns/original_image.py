# What the four stand-ins for the original step images share, written from their observed behaviour: configuration from
# the environment (the knapscen-config secret's DB_* and NATS_* keys plus the step's own values), SQL on the domain
# tables, one CloudEvent published with the plain core NATS protocol to NATS_SUBJECT, and on any failure one line on
# stderr and a non-zero exit. No MySQL driver is installed here, so SQL goes through the mariadb client.
import datetime, json, os, socket, subprocess, sys, uuid
from urllib.parse import urlparse


def run(image, work):
    """Runs work(); any exception becomes the image's one stderr line and exit code 1."""
    try:
        work()
    except Exception as error:  # noqa: BLE001 - the originals print one line and exit non-zero
        print(f"{image}: {str(error).strip().splitlines()[-1] if str(error).strip() else type(error).__name__}", file=sys.stderr)
        sys.exit(1)


def quote(value):
    """A SQL string literal (the mariadb client takes no parameters)."""
    if value is None:
        return "NULL"
    return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"


def sql(statement):
    """Runs one statement on the step database; returns the rows as lists of text."""
    environment = dict(os.environ, MYSQL_PWD=os.environ.get("DB_PASSWORD", ""))
    result = subprocess.run(
        ["mariadb", "--no-defaults", "-h", os.environ["DB_HOST"], "-P", os.environ.get("DB_PORT", "3306"),
         "-u", os.environ["DB_USER"], "-D", os.environ["DB_NAME"], "-N", "-B", "-e", statement],
        env=environment, capture_output=True, text=True, timeout=30)
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip() or f"mariadb exited with {result.returncode}")
    return [line.split("\t") for line in result.stdout.splitlines()]


def one(statement, what):
    rows = sql(statement)
    if not rows:
        raise LookupError(f"{what} not found")
    return rows[0][0]


def now():
    """Time as the Python originals write it: microseconds and +00:00."""
    return datetime.datetime.now(datetime.timezone.utc).isoformat()


def publish(event_type, subject, data, source):
    """Publishes a structured-mode CloudEvent to NATS_SUBJECT and waits for the server's PONG, as a flush."""
    event = {
        "specversion": "1.0", "id": str(uuid.uuid4())[:8], "source": source, "type": event_type,
        "subject": subject, "time": now(), "datacontenttype": "application/json", "data": data,
    }
    body = json.dumps(event).encode()
    server = urlparse(os.environ["NATS_SERVER"])
    connect = {"verbose": False, "pedantic": False}
    if os.environ.get("NATS_USER"):
        connect.update(user=os.environ["NATS_USER"], **{"pass": os.environ.get("NATS_PASSWORD", "")})
    with socket.create_connection((server.hostname, server.port or 4222), timeout=5) as connection:
        stream = connection.makefile("rb")
        stream.readline()  # INFO
        subject_out = os.environ["NATS_SUBJECT"]
        connection.sendall(f"CONNECT {json.dumps(connect)}\r\n".encode()
                           + f"PUB {subject_out} {len(body)}\r\n".encode() + body + b"\r\nPING\r\n")
        while True:
            line = stream.readline()
            if not line or line.startswith(b"-ERR"):
                raise ConnectionError(f"NATS refused the publish: {line.decode().strip() or 'connection closed'}")
            if line.startswith(b"PONG"):
                return
