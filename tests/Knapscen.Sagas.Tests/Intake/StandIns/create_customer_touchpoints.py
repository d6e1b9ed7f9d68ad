#!/usr/bin/env python3
# Stand-in for ghcr.io/colinjlacy/knapscen-create-customer-touchpoints, written from its observed behaviour: it finds
# the customer BY NAME, inserts a touchpoints row with NULL dates and publishes disco.knapscen.touchpoints.created with
# subject = touchpoints-<first 8 of the new id> and nested data (the customer, the touchpoints, next actions).
import os, sys, uuid

sys.dont_write_bytecode = True  # run from the checkout: leave no __pycache__ in it
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from original_image import now, publish, quote, run, sql


def main():
    name = os.environ["CUSTOMER_NAME"]
    found = sql(f"SELECT id, name, subscription_tier, created_at, updated_at FROM corporate_customers WHERE name = {quote(name)} LIMIT 1")
    if not found:
        raise LookupError(f"customer {name} not found")
    customer = dict(zip(("id", "name", "subscription_tier", "created_at", "updated_at"), found[0]))
    touchpoints_id = str(uuid.uuid4())
    sql(f"INSERT INTO touchpoints (id, customer_id) VALUES ({quote(touchpoints_id)}, {quote(customer['id'])})")
    dates = {key: None for key in ("welcome_outreach", "technical_onboarding", "follow_up_call", "feedback_session")}
    publish("disco.knapscen.touchpoints.created", f"touchpoints-{touchpoints_id[:8]}",
            {"event_type": "touchpoints_created", "timestamp": now(), "touchpoints_id": touchpoints_id, "customer": customer,
             "touchpoints": dict(dates, id=touchpoints_id, customer_id=customer["id"]),
             "next_actions": ["schedule welcome outreach", "plan technical onboarding"]},
            "knapscen/create-customer-touchpoints")


run("create-customer-touchpoints", main)
