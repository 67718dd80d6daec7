"""Fill a database with a realistic register for the benchmark: producers on the communes of
2025, their products, and certificates in every status, each with its recognition decision,
its annex line and its (recognised) dossier.

Statuses come from facts, as in the app (`ocop.certification.status`):
- valid: issued within the last 36 months;
- revoked: like valid, with `revoked_on` and `revocation_ground`;
- expired: ended more than the re-ranking grace ago;
- extended: ended within the grace, with a pending re-ranking dossier filed in its window;
- superseded: the earlier certificate of a product re-ranked since (`superseded_by/_on`).

Run inside a configured Django (bench/verify.py does it). Deterministic for a given seed.
"""

import datetime
import random
import time
from collections import Counter, defaultdict
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import connection, transaction
from django.utils import timezone

from ocop.certification.models import Certificate, Decision, DecisionItem, NumberCounter
from ocop.core.text import fold
from ocop.criteria.models import Rulebook
from ocop.evaluation.models import Dossier, DossierKind, DossierState
from ocop.geo.models import AdminUnit
from ocop.registry.models import Producer, ProducerKind, Product, ProductSet

BATCH = 5000
VALIDITY_MONTHS = 36
# Of the products' latest certificates: shares of revoked, extended and expired (rest valid).
SHARES = {"revoked": 0.06, "extended": 0.04, "expired": 0.18}
GROUNDS = ["a", "b", "c", "d", "dd", "e"]

KIND_PREFIX = {
    ProducerKind.COOPERATIVE: "Hợp tác xã",
    ProducerKind.COOPERATIVE_GROUP: "Tổ hợp tác",
    ProducerKind.ENTERPRISE: "Công ty TNHH",
    ProducerKind.HOUSEHOLD_BUSINESS: "Hộ kinh doanh",
    ProducerKind.FARM: "Trang trại",
    ProducerKind.ASSOCIATION: "Hiệp hội du lịch cộng đồng",
}
WORDS = [
    "Nông sản",
    "Thực phẩm",
    "Dược liệu",
    "Thủ công",
    "Gốm",
    "Lụa",
    "Trà",
    "Cà phê",
    "Mật ong",
    "Nước mắm",
    "Gạo",
    "Bánh tráng",
    "Chè",
    "Sâm",
    "Hồ tiêu",
    "Rượu",
]
PLACES = ["Hòa Phú", "Tiên Phước", "Trà Linh", "Cẩm Thanh", "Phú Ninh", "Quế Sơn", "Đại Lộc"]
PRODUCTS = [
    "Nước mắm cá cơm",
    "Trà xanh",
    "Mật ong rừng",
    "Bánh tráng nướng",
    "Gạo hữu cơ",
    "Cà phê rang xay",
    "Tinh dầu quế",
    "Rượu ngô men lá",
    "Miến dong",
    "Chè sấy khô",
    "Sâm củ tươi",
    "Hồ tiêu đen",
    "Gốm mỹ nghệ",
    "Khăn lụa tơ tằm",
    "Nấm linh chi",
]
PEOPLE = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"]


def _batches(rows, size=BATCH):
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _create(model, rows):
    for chunk in _batches(rows):
        model.objects.bulk_create(chunk, batch_size=BATCH)


def _decision_dates(today: datetime.date) -> list[datetime.date]:
    """The 15th of every month since the first rulebook, up to today."""
    day = datetime.date(2019, 9, 15)
    dates = []
    while day <= today:
        dates.append(day)
        day += relativedelta(months=1)
    return dates


def _valid_until(issued_on: datetime.date) -> datetime.date:
    return issued_on + relativedelta(months=VALIDITY_MONTHS) - datetime.timedelta(days=1)


def fill(
    *,
    producers: int = 8000,
    products: int = 50000,
    rechains: int = 12000,
    seed: int = 5,
    log=print,
) -> dict:
    """Insert the register; returns counts. `rechains` products have two certificates (the
    earlier one superseded), so certificates = products + rechains."""
    started = time.monotonic()
    rng = random.Random(seed)
    today = timezone.localdate()
    rulebooks = list(Rulebook.objects.order_by("effective_from"))
    if not rulebooks:
        raise RuntimeError("no rulebooks: run load_rulebooks first")
    grace = next(
        (r.data["reranking"]["late_grace_days"] for r in rulebooks if r.data.get("reranking")),
        180,
    )
    sets = list(ProductSet.objects.order_by("number"))
    provinces = {u.pk: u for u in AdminUnit.objects.filter(era="2025", level="province")}
    communes = list(
        AdminUnit.objects.filter(era="2025", level="commune").values_list(
            "pk", "code", "current_province_id", "name"
        )
    )
    if not (sets and communes):
        raise RuntimeError("no product sets or communes: run load_units and load_rulebooks")

    def rulebook_on(day):
        return next((r for r in reversed(rulebooks) if r.effective_from <= day), rulebooks[0])

    # Decision dates by what a certificate issued on them is today.
    dates = _decision_dates(today)
    valid_dates = [d for d in dates if _valid_until(d) >= today]
    grace_dates = [d for d in dates if today - datetime.timedelta(grace) <= _valid_until(d) < today]
    old_dates = [d for d in dates if _valid_until(d) < today - datetime.timedelta(grace)]
    # A re-ranked product: the earlier certificate issued 34 months before the later one (filed
    # in the window, decided two months before the end), itself on a known date.
    rechain_dates = [d for d in valid_dates if d - relativedelta(months=34) >= dates[0]]

    # Producers.
    kinds = list(KIND_PREFIX)
    producer_rows = []
    for index in range(producers):
        commune_id, _code, province_id, _name = rng.choice(communes)
        kind = rng.choice(kinds)
        name = f"{KIND_PREFIX[kind]} {rng.choice(WORDS)} {rng.choice(PLACES)} {index + 1}"
        registration_no = f"{provinces[province_id].code:02d}A{index + 1:07d}"
        representative = rng.choice(PEOPLE)
        producer_rows.append(
            Producer(
                name=name,
                kind=kind,
                registration_no=registration_no,
                legal_representative=representative,
                representative_is_woman=rng.random() < 0.4,
                address=f"Thôn {rng.randint(1, 12)}",
                commune_id=commune_id,
                phone=f"09{rng.randint(10000000, 99999999)}",
                search_text=fold(f"{name} {registration_no} {representative}"),
            )
        )
    _create(Producer, producer_rows)
    commune_of = {c[0]: c for c in communes}
    log(f"  {len(producer_rows):,} producers")

    # Products: every producer has one, the rest spread at random.
    owners = list(range(producers)) + [
        rng.randrange(producers) for _ in range(products - producers)
    ]
    rng.shuffle(owners)
    # Which status the product's latest certificate has, and whether it was re-ranked.
    outcome = []
    for kind, share in SHARES.items():
        outcome += [kind] * round(products * share)
    outcome += ["valid"] * (products - len(outcome))
    rng.shuffle(outcome)
    chainable = [i for i, kind in enumerate(outcome) if kind in ("valid", "revoked")]
    chained = set(rng.sample(chainable, min(rechains, len(chainable))))

    plans = []  # (product index, [(issued_on, kind)] oldest first, final outcome)
    for index, kind in enumerate(outcome):
        if index in chained:
            new_on = rng.choice(rechain_dates)
            plans.append((index, [new_on - relativedelta(months=34), new_on], kind))
        elif kind == "extended":
            plans.append((index, [rng.choice(grace_dates)], kind))
        elif kind == "expired":
            plans.append((index, [rng.choice(old_dates)], kind))
        else:
            plans.append((index, [rng.choice(valid_dates)], kind))

    sequences = Counter()
    product_rows = []
    for index, owner_index in enumerate(owners):
        producer = producer_rows[owner_index]
        commune_id, commune_code, province_id, _name = commune_of[producer.commune_id]
        year = plans[index][1][0].year
        sequences[(commune_code, year)] += 1
        sequence = sequences[(commune_code, year)]
        code = f"{provinces[province_id].code:02d}-{commune_code}-{sequence:03d}-{year}"
        name = f"{rng.choice(PRODUCTS)} {producer.name.split()[-1]}-{index + 1}"
        product_rows.append(
            Product(
                producer=producer,
                name=name,
                product_set=rng.choice(sets),
                commune_id=commune_id,
                code=code,
                code_year=year,
                code_sequence=sequence,
                search_text=fold(f"{name} {code}"),
            )
        )
    _create(Product, product_rows)
    log(f"  {len(product_rows):,} products")

    # One recognition decision per province and date; certificates numbered per province and
    # year in date order.
    issues = []  # (issued_on, province_id, product index, position in chain, chain length)
    for index, chain, _kind in plans:
        province_id = commune_of[product_rows[index].commune_id][2]
        for position, issued_on in enumerate(chain):
            issues.append((issued_on, province_id, index, position, len(chain)))
    issues.sort(key=lambda i: (i[0], i[1], i[2]))
    decisions = {}
    decision_seq = Counter()
    for issued_on, province_id, *_rest in issues:
        if (province_id, issued_on) not in decisions:
            decision_seq[province_id] += 1
            province = provinces[province_id]
            decisions[(province_id, issued_on)] = Decision(
                level=Decision.Level.PROVINCE,
                province=province,
                number=f"{decision_seq[province_id]}/QĐ-UBND",
                date=issued_on,
                signer_name=rng.choice(PEOPLE),
                signer_title="Phó Chủ tịch Ủy ban nhân dân",
                title=f"Công nhận sản phẩm OCOP năm {issued_on.year}",
                status=Decision.Status.ISSUED,
                issued_at=timezone.make_aware(
                    datetime.datetime.combine(issued_on, datetime.time(16))
                ),
            )
    _create(Decision, list(decisions.values()))
    log(f"  {len(decisions):,} decisions")

    # Dossiers (one per certificate) then certificates, oldest of each chain first so that a
    # re-ranking dossier can name the certificate it re-ranks.
    numbers = Counter()
    final_kind = {index: kind for index, _chain, kind in plans}
    certificates_by_position = defaultdict(list)
    for issued_on, province_id, index, position, length in issues:
        certificates_by_position[position].append((issued_on, province_id, index, position, length))
    previous = {}  # product index -> its earlier certificate
    extended = []  # certificates past their end, within the grace: re-ranking pending
    all_certificates = []
    items = []
    for position in sorted(certificates_by_position):
        dossiers, certificates = [], []
        for issued_on, province_id, index, _position, length in certificates_by_position[position]:
            product = product_rows[index]
            producer = product.producer
            submitted_on = issued_on - datetime.timedelta(days=rng.randint(45, 90))
            rulebook = rulebook_on(submitted_on)
            stars = 4 if rng.random() < 0.15 else 3
            score = Decimal(rng.randint(7000, 8900) if stars == 4 else rng.randint(5000, 6900))
            score = score / 100
            earlier = previous.get(index)
            dossier = Dossier(
                product=product,
                producer=producer,
                commune_id=product.commune_id,
                province_id=province_id,
                kind=DossierKind.RERANK if earlier else DossierKind.FIRST,
                state=DossierState.RECOGNISED,
                rulebook=rulebook,
                previous_certificate=earlier,
                submitted_on=submitted_on,
                filed_on=submitted_on,
                proposed_on=submitted_on + datetime.timedelta(days=20),
                closed_on=issued_on,
                stars=stars,
                score=score,
            )
            dossiers.append(dossier)
            year = issued_on.year
            numbers[(province_id, year)] += 1
            province_code = provinces[province_id].code
            last = position == length - 1
            kind = final_kind[index] if last else "superseded"
            certificate = Certificate(
                number=f"{numbers[(province_id, year)]}/{year}/GCN-OCOP-{province_code:02d}",
                decision=decisions[(province_id, issued_on)],
                dossier=dossier,
                product=product,
                producer=producer,
                province_id=province_id,
                rulebook=rulebook,
                stars=stars,
                score=score,
                issued_on=issued_on,
                valid_until=_valid_until(issued_on),
                product_name=product.name,
                producer_name=producer.name,
                producer_address=f"{producer.address}, {commune_of[product.commune_id][3]}",
            )
            if kind == "revoked":
                span = (today - issued_on).days
                certificate.revoked_on = issued_on + datetime.timedelta(days=rng.randint(0, span))
                certificate.revocation_ground = rng.choice(GROUNDS)
            elif kind == "extended":
                extended.append(certificate)
            certificates.append(certificate)
            previous[index] = certificate
        _create(Dossier, dossiers)
        _create(Certificate, certificates)
        for certificate in certificates:
            items.append(
                DecisionItem(
                    decision=certificate.decision,
                    dossier=certificate.dossier,
                    stars=certificate.stars,
                    position=0,
                )
            )
        all_certificates += certificates
        log(f"  {len(certificates):,} certificates (chain position {position + 1})")
    by_decision = defaultdict(int)
    for item in items:
        by_decision[item.decision_id] += 1
        item.position = by_decision[item.decision_id]
    _create(DecisionItem, items)

    with connection.cursor() as cursor:
        # The earlier certificate of a re-ranked product is superseded on the later one's issue.
        cursor.execute(
            """
            UPDATE certification_certificate AS old
               SET superseded_by_id = new.id, superseded_on = new.issued_on
              FROM certification_certificate AS new
              JOIN evaluation_dossier AS d ON d.id = new.dossier_id
             WHERE d.previous_certificate_id = old.id AND d.kind = 'rerank'
            """
        )
        superseded = cursor.rowcount

    # Extended: a re-ranking dossier filed in the window, still open.
    pending = []
    for certificate in extended:
        product = certificate.product
        submitted_on = certificate.valid_until - datetime.timedelta(days=rng.randint(120, 180))
        pending.append(
            Dossier(
                product=product,
                producer=product.producer,
                commune_id=product.commune_id,
                province_id=certificate.province_id,
                kind=DossierKind.RERANK,
                state=rng.choice([DossierState.RECEIVED, DossierState.COUNCIL_SCORING]),
                rulebook=rulebook_on(submitted_on),
                previous_certificate=certificate,
                submitted_on=submitted_on,
                filed_on=submitted_on,
            )
        )
    _create(Dossier, pending)
    log(f"  {superseded:,} superseded, {len(pending):,} pending re-ranking dossiers")

    counters = Counter()
    for certificate in all_certificates:
        key = (f"p{provinces[certificate.province_id].code}", certificate.issued_on.year)
        counters[key] = max(counters[key], int(certificate.number.split("/")[0]))
    NumberCounter.objects.bulk_create(
        [
            NumberCounter(issuer=issuer, year=year, last=last)
            for (issuer, year), last in counters.items()
        ]
    )
    return {
        "producers": len(producer_rows),
        "products": len(product_rows),
        "decisions": len(decisions),
        "certificates": len(all_certificates),
        "seconds": round(time.monotonic() - started, 1),
    }


def fill_database(**kwargs) -> dict:
    with transaction.atomic():
        result = fill(**kwargs)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return result
