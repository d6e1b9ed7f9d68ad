#!/usr/bin/env python3
# Stand-in for ghcr.io/colinjlacy/knapscen-register-corporate-customer, written from its observed behaviour: it inserts
# the customer under a NEW id (it never reads one given to it) and publishes disco.knapscen.customer.saved with
# subject = that id, id = 8 characters of a random UUID, data {name, subscription_tier, users}. When STAND_IN_OUT is
# set it writes the id it made up there, so a test can compare.
import os, sys, uuid

sys.dont_write_bytecode = True  # run from the checkout: leave no __pycache__ in it
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from original_image import publish, quote, run, sql


def main():
    name, tier = os.environ["COMPANY_NAME"], os.environ["SUBSCRIPTION_TIER"]
    customer_id = str(uuid.uuid4())
    sql(f"INSERT INTO corporate_customers (id, name, subscription_tier) VALUES ({quote(customer_id)}, {quote(name)}, {quote(tier)})")
    publish("disco.knapscen.customer.saved", customer_id, {"name": name, "subscription_tier": tier, "users": None},
            "knapscen/register-corporate-customer")
    if os.environ.get("STAND_IN_OUT"):
        with open(os.environ["STAND_IN_OUT"], "w") as out:
            out.write(customer_id)


run("register-corporate-customer", main)
