#!/usr/bin/env python3
# Stand-in for ghcr.io/colinjlacy/knapscen-register-users, written from its observed behaviour: it finds the customer
# BY NAME and the role by role_name, inserts the user (not idempotent: a second run fails on the unique e-mail) and
# publishes disco.knapscen.user.saved with subject = user-<new user id>.
import os, sys, uuid

sys.dont_write_bytecode = True  # run from the checkout: leave no __pycache__ in it
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from original_image import one, publish, quote, run, sql


def main():
    customer_name, user_name, email, role = (os.environ[key] for key in ("CUSTOMER_NAME", "USER_NAME", "USER_EMAIL", "ROLE_NAME"))
    customer_id = one(f"SELECT id FROM corporate_customers WHERE name = {quote(customer_name)} LIMIT 1", f"customer {customer_name}")
    role_id = one(f"SELECT id FROM user_roles WHERE role_name = {quote(role)}", f"role {role}")
    user_id = str(uuid.uuid4())
    sql(f"INSERT INTO users (id, customer_id, role_id, name, email) VALUES "
        f"({quote(user_id)}, {quote(customer_id)}, {quote(role_id)}, {quote(user_name)}, {quote(email)})")
    publish("disco.knapscen.user.saved", f"user-{user_id}",
            {"customer_name": customer_name, "user_name": user_name, "user_email": email, "user_role": role,
             "email_template": os.environ.get("EMAIL_TEMPLATE", "welcome")},
            "knapscen/register-users")


run("register-users", main)
