#!/usr/bin/env python3
# Stand-in for ghcr.io/colinjlacy/knapscen-email-notifications, written from its observed behaviour: it reads
# USER_NAME and USER_EMAIL, and COMPANY_NAME and USER_ROLE, which its Job never sets (so they come out null); it
# publishes disco.knapscen.email.welcome.sent with subject = the first 8 hex characters of sha256(e-mail). Sending
# the e-mail is left out: nothing here listens for it.
import hashlib, os, sys

sys.dont_write_bytecode = True  # run from the checkout: leave no __pycache__ in it
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from original_image import publish, run


def main():
    email = os.environ["USER_EMAIL"]
    publish("disco.knapscen.email.welcome.sent", hashlib.sha256(email.encode()).hexdigest()[:8],
            {"customer_name": os.environ.get("COMPANY_NAME"), "user_name": os.environ["USER_NAME"], "user_email": email,
             "user_role": os.environ.get("USER_ROLE")},
            "knapscen/email-notifications")


run("email-notifications", main)
