"""Demo hoax desk: reports clustered into claims, a few published clarifications, one feed source.

All content is invented for the demo.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tangkal.accounts.models import Region
from tangkal.hoaxes import publishing, services
from tangkal.hoaxes.models import Claim, Clarification, FeedSource, Report

CLAIMS = [
    {
        "key": "listrik",
        "reports": [
            ("whatsapp", "35", 3, "PENTING!! Mulai Senin depan listrik se-Jawa dan Bali dipadamkan total selama 3 hari "
             "karena perbaikan pembangkit. Siapkan lilin dan air bersih, sebarkan ke keluarga!"),
            ("whatsapp", "32", 2, "Diteruskan: mulai senin depan listrik se jawa dan bali dipadamkan total selama 3 hari "
             "karena perbaikan pembangkit. siapkan lilin dan air bersih"),
            ("facebook", "31", 2, "Info dari grup sebelah, mulai Senin depan listrik se-Jawa dan Bali dipadamkan total "
             "selama 3 hari karena perbaikan pembangkit. Benarkah?"),
            ("tiktok", "51", 3, "Mulai Senin depan listrik se-Jawa dan Bali dipadamkan total selama 3 hari karena "
             "perbaikan pembangkit"),
        ],
        "minutes_ago": [50, 42, 30, 12],
        "topic": "pemerintahan",
        "clarification": {
            "verdict": "HOAKS",
            "headline": "Tidak ada pemadaman listrik total se-Jawa-Bali selama tiga hari",
            "claim_reviewed": "Listrik se-Jawa dan Bali dipadamkan total selama tiga hari mulai Senin.",
            "summary": "PLN tidak menjadwalkan pemadaman total. Pemeliharaan jaringan diumumkan per wilayah, "
                       "paling lama beberapa jam, melalui kanal resmi PLN.",
            "body": "Pesan berantai yang menyebut pemadaman total tiga hari **tidak benar**.\n\n"
                    "- Pemeliharaan jaringan dilakukan bergilir per gardu, bukan serentak.\n"
                    "- Jadwal resmi diumumkan lewat aplikasi dan media sosial resmi PLN.\n\n"
                    "Jika ragu, cek jadwal pemeliharaan di wilayah Anda sebelum membagikan pesan.",
            "references": "Kanal resmi PLN | https://web.pln.co.id/",
            "topic": "pemerintahan",
            "counter_headline": "Listrik Jawa-Bali tidak dipadamkan tiga hari",
            "counter_body": "Pesan berantai soal pemadaman total tiga hari itu hoaks. Pemeliharaan jaringan "
                            "hanya beberapa jam per wilayah dan diumumkan resmi oleh PLN. Cek dulu sebelum berbagi.",
        },
        "published_after": 38,
    },
    {
        "key": "bsu",
        "reports": [
            ("whatsapp", "33", 2, "Pendaftaran Bantuan Subsidi Upah 2026 sudah dibuka! Isi data KTP dan nomor rekening "
             "Anda di http://bsu-kemnaker-2026.info/daftar sebelum kuota habis."),
            ("whatsapp", "35", 1, "Pendaftaran Bantuan Subsidi Upah 2026 sudah dibuka, isi data KTP dan nomor rekening "
             "di bsu-kemnaker-2026.info/daftar sebelum kuota habis"),
            ("telegram", "32", 2, "Bantuan Subsidi Upah 2026 dibuka, isi data KTP dan nomor rekening Anda sebelum kuota "
             "habis. Link: http://bsu-kemnaker-2026.info/daftar"),
        ],
        "minutes_ago": [300, 260, 200],
        "topic": "penipuan",
        "clarification": {
            "verdict": "PENIPUAN",
            "headline": "Tautan pendaftaran subsidi upah itu situs penipuan",
            "claim_reviewed": "Pendaftaran Bantuan Subsidi Upah 2026 dibuka lewat situs bsu-kemnaker-2026.info.",
            "summary": "Situs itu bukan milik pemerintah dan mencuri data KTP serta rekening. Bantuan subsidi upah "
                       "tidak pernah meminta pendaftaran lewat tautan berantai.",
            "body": "Alamat yang beredar **bukan** domain pemerintah (go.id). Jangan mengisi data pribadi.\n\n"
                    "Jika sudah telanjur mengisi, segera hubungi bank Anda untuk mengamankan rekening.",
            "references": "Situs resmi Kemnaker | https://kemnaker.go.id/",
            "topic": "penipuan",
            "counter_headline": "Awas tautan palsu subsidi upah",
            "counter_body": "Tautan pendaftaran subsidi upah yang beredar adalah penipuan pencuri data. "
                            "Pemerintah tidak membuka pendaftaran lewat pesan berantai. Jangan isi data KTP dan rekening.",
        },
        "published_after": 95,
    },
    {
        "key": "gempa",
        "reports": [
            ("whatsapp", "32", 3, "BMKG memprediksi gempa susulan magnitudo 8 akan terjadi malam ini pukul 23.00 di "
             "Cianjur. Warga diminta tidur di luar rumah. Sebarkan!"),
            ("x", "32", 3, "Katanya BMKG prediksi gempa susulan magnitudo 8 malam ini jam 23.00 di Cianjur, warga "
             "diminta tidur di luar rumah. Beneran?"),
            ("facebook", "36", 2, "BMKG memprediksi gempa susulan magnitudo 8 akan terjadi malam ini pukul 23.00 di "
             "Cianjur warga diminta tidur di luar rumah"),
        ],
        "minutes_ago": [25, 14, 6],
        "topic": "bencana",
        "clarification": None,
    },
    {
        "key": "vaksin",
        "reports": [
            ("instagram", "73", 1, "Vaksin campak untuk anak sekolah ternyata berisi chip pelacak, lihat video "
             "pembongkaran botol vaksinnya. Jangan mau anak kita divaksin!"),
            ("whatsapp", "73", 2, "Vaksin campak anak sekolah ternyata berisi chip pelacak, lihat video pembongkaran "
             "botol vaksinnya, jangan mau anak divaksin"),
        ],
        "minutes_ago": [180, 90],
        "topic": "kesehatan",
        "clarification": {
            "verdict": "DISINFORMASI",
            "headline": "Vaksin campak tidak berisi chip pelacak",
            "claim_reviewed": "Vaksin campak untuk anak sekolah berisi chip pelacak.",
            "summary": "Video yang beredar memperlihatkan tutup karet botol, bukan chip. Vaksin campak telah dipakai "
                       "puluhan tahun dan isinya diawasi BPOM.",
            "body": "Chip pelacak membutuhkan antena dan sumber daya listrik; tidak mungkin masuk lewat jarum suntik.\n\n"
                    "Imunisasi campak melindungi anak dari komplikasi berat seperti radang paru dan radang otak.",
            "references": "Kementerian Kesehatan | https://www.kemkes.go.id/",
            "topic": "kesehatan",
            "counter_headline": "Vaksin campak aman, tidak ada chip",
            "counter_body": "Video chip dalam vaksin campak menyesatkan: yang terlihat adalah tutup karet botol. "
                            "Vaksin campak diawasi BPOM dan melindungi anak dari komplikasi berat.",
        },
        "published_after": 70,
    },
]

FEED = {"name": "TurnBackHoax (Mafindo)", "url": "https://turnbackhoax.id/feed/", "homepage": "https://turnbackhoax.id/"}


def seed(ctx) -> None:
    if Report.objects.filter(text=CLAIMS[0]["reports"][0][3]).exists():
        ctx.say("meja hoaks: sudah ada")
        return
    author = ctx.users.get("verifikator@komdigi.go.id")
    approver = ctx.users.get("verifikator2@komdigi.go.id")
    influencer = ctx.users.get("influencer@kemkes.go.id")
    now = timezone.now()
    published = 0
    for item in CLAIMS:
        claim = None
        for index, ((platform, region, reach, text), ago) in enumerate(zip(item["reports"], item["minutes_ago"],
                                                                              strict=True)):
            report = services.report_submit(
                text=text, platform=platform, region=Region.objects.filter(code=region).first(), reach=reach,
                reporter=influencer if index == 1 and influencer else None,
                channel=Report.Channel.DASHBOARD if index == 1 and influencer else Report.Channel.WEB)
            Report.objects.filter(pk=report.pk).update(created_at=now - timedelta(minutes=ago))
            claim = report.claim
        claim = Claim.objects.get(pk=claim.pk)
        first = now - timedelta(minutes=max(item["minutes_ago"]))
        Claim.objects.filter(pk=claim.pk).update(first_reported_at=first,
                                                 last_reported_at=now - timedelta(minutes=min(item["minutes_ago"])))
        claim.refresh_from_db()
        if author and approver:
            services.claim_update(claim=claim, by=author, changes={"topic": item["topic"], "assignee": author})
            Claim.objects.filter(pk=claim.pk).update(first_triaged_at=first + timedelta(minutes=8))
        spec = item["clarification"]
        if spec and author and approver:
            clar = publishing.clarification_create(by=author, claim=claim, data=spec)
            publishing.clarification_submit(clarification=clar, by=author)
            publishing.clarification_approve(clarification=clar, by=approver)
            moment = first + timedelta(minutes=item["published_after"])
            Clarification.objects.filter(pk=clar.pk).update(published_at=moment)
            Claim.objects.filter(pk=claim.pk).update(answered_at=moment)
            published += 1
    FeedSource.objects.get_or_create(url=FEED["url"], defaults={"name": FEED["name"], "homepage": FEED["homepage"]})
    ctx.say(f"meja hoaks: {Report.objects.count()} laporan dalam {Claim.objects.count()} klaim, "
            f"{published} klarifikasi terbit, 1 sumber feed")
