"""Create, seed and serve a django-helpdesk on 127.0.0.1 in one process (test fixture).

Usage: python serve.py PORT SEED_JSON TOKEN. Tickets are seeded through the ORM with the exact
created/reply/resolved/reopened times of SEED_JSON, then Django's development server runs until killed.
"""

import json
import sys
from datetime import datetime

import django


def main() -> None:
    port, seed_file, token = sys.argv[1], sys.argv[2], sys.argv[3]
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from helpdesk.models import FollowUp, Queue, Ticket
    from rest_framework.authtoken.models import Token

    call_command("migrate", verbosity=0, interactive=False)
    admin = get_user_model().objects.create_superuser("admin", "admin@example.com", "unused-password")
    Token.objects.create(user=admin, key=token)
    queue = Queue.objects.create(title="Support", slug="support")
    followups = []
    with open(seed_file, encoding="utf-8") as handle:
        rows = json.load(handle)
    for row in rows:
        ticket = Ticket.objects.create(
            title=f"Ticket {row['n']}",
            queue=queue,
            submitter_email=row["email"],
            priority=row["priority"],
            status=row["status"],
        )
        Ticket.objects.filter(pk=ticket.pk).update(created=datetime.fromisoformat(row["created"]))
        for event in row["events"]:
            followups.append(
                FollowUp(
                    ticket=ticket,
                    user=admin,
                    title=event["title"],
                    public=True,
                    new_status=event["new_status"],
                    date=datetime.fromisoformat(event["at"]),
                )
            )
    FollowUp.objects.bulk_create(followups)
    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, use_threading=True, verbosity=0)


if __name__ == "__main__":
    main()
