#!/usr/bin/env python3
# Stand-in for ghcr.io/colinjlacy/knapscen-register-corporate-customer, written from its observed behaviour: it makes up
# a NEW customer id (never reads one), and publishes disco.knapscen.customer.saved with plain core NATS to NATS_SUBJECT:
# subject = that id, id = 8 characters of a random UUID, time with microseconds and +00:00, data {name, tier, users}.
# It writes the id it made up to $STAND_IN_OUT, so the test can compare. Exit 0 on success, one stderr line otherwise.
import datetime, json, os, socket, sys, uuid
from urllib.parse import urlparse

try:
    customer_id = str(uuid.uuid4())
    event = {
        "specversion": "1.0",
        "id": str(uuid.uuid4())[:8],
        "source": "knapscen/register-corporate-customer",
        "type": "disco.knapscen.customer.saved",
        "subject": customer_id,
        "time": datetime.datetime.now(datetime.timezone.utc).isoformat(),
        "datacontenttype": "application/json",
        "data": {"name": os.environ["COMPANY_NAME"], "subscription_tier": os.environ["SUBSCRIPTION_TIER"], "users": None},
    }
    body = json.dumps(event).encode()
    server = urlparse(os.environ["NATS_SERVER"])
    with socket.create_connection((server.hostname, server.port or 4222), timeout=5) as connection:
        stream = connection.makefile("rb")
        stream.readline()  # INFO
        subject = os.environ["NATS_SUBJECT"]
        connection.sendall(b'CONNECT {"verbose":false,"pedantic":false}\r\n'
                           + f"PUB {subject} {len(body)}\r\n".encode() + body + b"\r\nPING\r\n")
        while not stream.readline().startswith(b"PONG"):
            pass
    with open(os.environ["STAND_IN_OUT"], "w") as out:
        out.write(customer_id)
except Exception as error:  # noqa: BLE001 - the original prints one line and exits non-zero
    print(f"register-corporate-customer: {error}", file=sys.stderr)
    sys.exit(1)
