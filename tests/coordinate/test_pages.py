"""Coordinator overview pages on the demo data."""

from tests import factories as f


def test_overview_counts_demo_organisations(client, login_as, demo):
    login_as("coordinator")
    html = client.get("/coordinate/").get_data(as_text=True)
    # The authorities only: IPO and VNG are umbrella bodies, counted apart (issue 24 §7).
    assert 'Provincie</td><td class="num">12' in html
    assert 'Gemeente</td><td class="num">29' in html
    assert "46 organisaties" in client.get("/coordinate/organisations").get_data(as_text=True)


def test_contact_search_matches_name_email_organisation_and_escapes(
    client, login_as, demo, session
):
    f.ContactFactory(name="<script>alert(1)</script>", email="x@evil.nl")
    session.commit()
    login_as("coordinator")
    html = client.get("/coordinate/contacts?q=zeeland").get_data(as_text=True)
    assert "1 contactpersonen gevonden" in html and "Provincie Zeeland" in html
    html = client.get("/coordinate/contacts?q=<script>").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html


def test_contacts_are_paged_sorted_and_searched(client, login_as, session):
    org = f.OrganisationFactory(name="Gemeente Veel")
    for i in range(120):
        f.ContactFactory(name=f"Persoon {i:03d}", email=f"p{i:03d}@veel.nl", organisation=org)
    session.commit()
    login_as("coordinator")
    first = client.get("/coordinate/contacts?sort=naam").get_data(as_text=True)
    # Before: all contacts on one page.
    assert "120 contactpersonen · pagina 1 van 3" in first
    assert "Persoon 000" in first and "Persoon 050" not in first
    third = client.get("/coordinate/contacts?sort=naam&pagina=3").get_data(as_text=True)
    assert "Persoon 119" in third and "← Vorige pagina" in third
    by_email = client.get("/coordinate/contacts?sort=email&q=p11").get_data(as_text=True)
    assert "10 contactpersonen gevonden" in by_email
    assert client.get("/coordinate/contacts?pagina=99").status_code == 200  # clamped, no error
