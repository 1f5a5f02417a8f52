"""A simulated history of reports for the demo, played through the real ticket service.

Two phases. Planning is pure: from a seeded `random.Random` it draws every report (arrival time,
channel, privacy, category, desa, text, reporter) and the path it will take (verified and
dispatched, rejected, merged, sent back as "bukan wewenang", transferred, asked for information,
answered, confirmed, disputed ...) as timestamped steps. Playing then merges all steps of all
reports in time order and performs each one with the service functions (`create_report`,
`perform`, `reply`, `add_information`, `rate`) while `hotline.clock` shows the step's time, and
runs the SLA sweep every simulated hour, so deadlines, warnings, escalations, auto-closes, events
and outbox rows are exactly what the system would have produced. A step whose action the ticket
no longer allows (an auto-closed ticket cannot be confirmed) is skipped, as a person would.

Steps later than the end of the history never happen: recent reports are still open.
No real person's name appears: reporters get common given names only, phone numbers come from
the unassigned +62812000xxxxx block and e-mail addresses from example.com.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hotline import clock
from hotline.accounts.tables import User
from hotline.db.tx import transaction
from hotline.directory import routing
from hotline.directory.service import active_rules, agency_calendar
from hotline.directory.tables import Agency, Category, Region
from hotline.sla.calendar import WorkingCalendar
from hotline.tickets.channels import Channel
from hotline.tickets.drafts import ReportDraft, ReporterDraft
from hotline.tickets.events import ActorType
from hotline.tickets.lifecycle import Action, Status, allowed_actions
from hotline.tickets.privacy import Privacy
from hotline.tickets.service import (
    REPORTER,
    SYSTEM,
    Actor,
    add_information,
    create_report,
    perform,
    rate,
    reply,
)
from hotline.tickets.service import (
    redact as publish_redaction,
)
from hotline.tickets.tables import Ticket
from hotline.worker.sweep import sweep

WIB = ZoneInfo("Asia/Jakarta")
SWEEP_EVERY = timedelta(hours=1)

# --------------------------------------------------------------------------------------------
# Who reports what, where and when
# --------------------------------------------------------------------------------------------

# Relative frequency of each category (roads, water, waste and civil registration lead).
CATEGORY_WEIGHTS: dict[str, float] = {
    "JALAN-RUSAK": 15,
    "AIR-MATI": 12,
    "SAMPAH": 11,
    "ADMINDUK-KTP": 9,
    "PJU-MATI": 7,
    "DRAINASE": 6,
    "KETERTIBAN": 5,
    "ADMINDUK-AKTA": 4,
    "PIPA-BOCOR": 4,
    "PUSKESMAS": 4,
    "BANSOS": 4,
    "POHON-TUMBANG": 3,
    "RSUD-LAYANAN": 3,
    "PENCEMARAN": 3,
    "SEKOLAH": 3,
    "DBD-FOGGING": 2,
    "JEMBATAN-RUSAK": 2,
    "RTLH": 2,
    "PUPUK-PERTANIAN": 2,
    "PUNGLI": 1.5,
}

# Kecamatan by rough population; the town and the main road corridor report most.
KECAMATAN_WEIGHTS: dict[str, float] = {
    "33.07.01": 5,  # Wadaslintang
    "33.07.02": 4.5,  # Kepil
    "33.07.03": 5,  # Sapuran
    "33.07.04": 4.5,  # Kaliwiro
    "33.07.05": 4,  # Leksono
    "33.07.06": 5.5,  # Selomerto
    "33.07.07": 6,  # Kalikajar
    "33.07.08": 8,  # Kertek
    "33.07.09": 11,  # Wonosobo
    "33.07.10": 4.5,  # Watumalang
    "33.07.11": 6.5,  # Mojotengah
    "33.07.12": 5,  # Garung
    "33.07.13": 5,  # Kejajar
    "33.07.14": 3,  # Sukoharjo
    "33.07.15": 2.5,  # Kalibawang
}
# Some problems belong to some places: the piped network is densest in and around town, the
# potato and carica farms are on the Dieng plateau (Kejajar, Garung).
CATEGORY_PLACE_BIAS: dict[str, dict[str, float]] = {
    "AIR-MATI": {"33.07.09": 2.0, "33.07.08": 1.6, "33.07.11": 1.4, "33.07.13": 1.4},
    "PIPA-BOCOR": {"33.07.09": 2.0, "33.07.08": 1.5},
    "SAMPAH": {"33.07.09": 2.2, "33.07.08": 1.3, "33.07.13": 1.4},
    "KETERTIBAN": {"33.07.09": 3.0, "33.07.13": 1.5},
    "RSUD-LAYANAN": {"33.07.09": 2.0},
    "PUPUK-PERTANIAN": {"33.07.13": 3.0, "33.07.12": 2.0, "33.07.10": 1.5},
    "JALAN-RUSAK": {"33.07.01": 1.4, "33.07.04": 1.4, "33.07.15": 1.5},
    "POHON-TUMBANG": {"33.07.13": 1.8, "33.07.10": 1.5, "33.07.01": 1.3},
}
# Rough centre of each kecamatan, for reports that come with coordinates.
KECAMATAN_CENTRE: dict[str, tuple[float, float]] = {
    "33.07.01": (-7.602, 109.787),
    "33.07.02": (-7.512, 109.975),
    "33.07.03": (-7.468, 109.958),
    "33.07.04": (-7.458, 109.825),
    "33.07.05": (-7.405, 109.851),
    "33.07.06": (-7.403, 109.880),
    "33.07.07": (-7.398, 109.960),
    "33.07.08": (-7.378, 109.952),
    "33.07.09": (-7.360, 109.903),
    "33.07.10": (-7.302, 109.858),
    "33.07.11": (-7.318, 109.893),
    "33.07.12": (-7.293, 109.934),
    "33.07.13": (-7.225, 109.918),
    "33.07.14": (-7.430, 109.782),
    "33.07.15": (-7.527, 109.752),
}

# Monday peaks, quiet weekends; by hour of the day (local time) the office hours dominate.
WEEKDAY_WEIGHT = (1.45, 1.15, 1.05, 1.0, 0.85, 0.5, 0.4)
HOUR_WEIGHT = (
    0.06,
    0.04,
    0.03,
    0.03,
    0.06,
    0.2,
    0.55,
    1.0,
    1.6,
    1.8,
    1.7,
    1.5,
    1.05,
    1.3,
    1.4,
    1.2,
    0.95,
    0.8,
    0.75,
    0.9,
    0.85,
    0.6,
    0.3,
    0.12,
)
HOLIDAY_WEIGHT = 0.4
# A few days of heavy rain bring fallen trees, landslides and flooded drains.
STORM_DAYS = 4
STORM_BOOST = {"POHON-TUMBANG": 9.0, "DRAINASE": 3.0, "JALAN-RUSAK": 1.5}

GIVEN_NAMES = (
    "Budi",
    "Siti",
    "Agus",
    "Sri",
    "Dwi",
    "Eko",
    "Nur",
    "Wahyu",
    "Rina",
    "Joko",
    "Tri",
    "Ani",
    "Heru",
    "Yanti",
    "Slamet",
    "Sari",
    "Rudi",
    "Dewi",
    "Bambang",
    "Wati",
    "Teguh",
    "Lestari",
    "Adi",
    "Fitri",
    "Hadi",
    "Endah",
    "Yusuf",
    "Ratna",
    "Arif",
    "Tini",
    "Bayu",
    "Putri",
    "Sutrisno",
    "Nining",
    "Imam",
    "Umi",
    "Rizki",
    "Ayu",
    "Darto",
    "Kartini",
)
DUSUN = (
    "Krajan",
    "Kauman",
    "Sidorejo",
    "Karangsari",
    "Tegalsari",
    "Sumberan",
    "Gondang",
    "Ngaglik",
    "Kedungan",
    "Pucung",
    "Sabrang",
    "Wetan",
    "Kulon",
    "Dukuh",
    "Ngasinan",
)
LANDMARKS = (
    "SD Negeri {n} {desa}",
    "masjid dusun {dusun}",
    "{balai}",
    "pasar {desa}",
    "pertigaan warung kelontong",
    "jembatan kali",
    "perempatan {desa}",
    "warung bakso di tepi jalan",
    "lapangan {desa}",
    "makam umum dusun {dusun}",
    "gapura masuk {wilayah}",
    "pos ronda RT {rt}",
    "musala dusun {dusun}",
    "SMP Negeri {n} {kec}",
    "tikungan tajam sebelum dusun {dusun}",
    "TK Pertiwi {desa}",
    "pangkalan ojek",
    "tempat pelelangan kentang",
    "kios pupuk",
)
DURATIONS = (
    "tiga hari",
    "empat hari",
    "seminggu",
    "hampir dua minggu",
    "dua minggu",
    "hampir sebulan",
    "lebih dari sebulan",
    "dua bulan",
    "sejak awal musim hujan",
)
WHEN = ("tadi pagi", "kemarin sore", "semalam", "sejak subuh", "tadi siang", "kemarin malam")
DAYS_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

# --------------------------------------------------------------------------------------------
# What reporters write, per category: an opening (with its title), then one sentence from
# each further list.
# --------------------------------------------------------------------------------------------

TEXTS: dict[str, dict[str, tuple[Any, ...]]] = {
    "JALAN-RUSAK": {
        "open": (
            (
                "Jalan rusak parah di {desa}",
                "Jalan {jalan} di {wilayah} rusak parah dan penuh lubang.",
            ),
            (
                "Lubang besar di jalan {desa}",
                "Ada lubang besar di {jalan} dekat {patokan}, {wilayah}.",
            ),
            (
                "Aspal mengelupas di {desa}",
                "Aspal {jalan} di {wilayah} mengelupas sepanjang kira-kira {jumlah}00 meter.",
            ),
            (
                "Badan jalan amblas di {desa}",
                "Badan jalan di dekat {patokan} ({wilayah}) amblas sebagian.",
            ),
        ),
        "detail": (
            "Kalau hujan lubangnya tergenang sehingga tidak kelihatan.",
            "Kerusakan ini sudah {durasi} dan makin lebar.",
            "Batu dan kerikilnya berserakan sampai ke tengah jalan.",
            "Pernah ditimbun tanah oleh warga tetapi hanyut lagi waktu hujan.",
        ),
        "impact": (
            "Sudah ada pengendara motor yang jatuh di situ.",
            "Anak-anak sekolah lewat jalan ini setiap hari.",
            "Truk pengangkut sayur sering terperosok.",
            "Malam hari sangat berbahaya karena tidak ada penerangan.",
            "",
        ),
        "ask": (
            "Mohon segera diperbaiki.",
            "Mohon ditambal sebelum ada korban.",
            "Kami mohon ada perbaikan dari dinas terkait.",
            "Terima kasih.",
        ),
    },
    "JEMBATAN-RUSAK": {
        "open": (
            (
                "Lantai jembatan berlubang di {desa}",
                "Jembatan di dekat {patokan}, {wilayah}, lantainya berlubang.",
            ),
            (
                "Pagar jembatan hilang di {desa}",
                "Pagar pengaman jembatan kali di Dusun {dusun} ({wilayah}) patah dan hilang sebagian.",
            ),
            (
                "Pondasi jembatan tergerus di {desa}",
                "Pondasi jembatan penghubung {desa} dan {desa2} tergerus arus sungai.",
            ),
        ),
        "detail": (
            "Bagian yang rusak makin lebar setiap dilewati kendaraan.",
            "Kondisinya seperti ini sudah {durasi}.",
            "Terlihat retak memanjang di bagian tengah.",
        ),
        "impact": (
            "Warga takut melintas apalagi kalau membawa muatan.",
            "Anak sekolah setiap hari menyeberang di sini.",
            "Kalau banjir lagi dikhawatirkan jembatan ambrol.",
        ),
        "ask": (
            "Mohon dicek dan diperbaiki.",
            "Mohon ditinjau petugas.",
            "Terima kasih atas perhatiannya.",
        ),
    },
    "DRAINASE": {
        "open": (
            (
                "Saluran tersumbat di {desa}",
                "Saluran air di pinggir {jalan}, {wilayah}, tersumbat sampah dan lumpur.",
            ),
            (
                "Selokan meluap di {desa}",
                "Setiap hujan deras air dari selokan meluap ke jalan dekat {patokan}, {wilayah}.",
            ),
            (
                "Gorong-gorong tertutup di {desa}",
                "Gorong-gorong di depan {patokan} tertutup tanah sehingga air tidak mengalir.",
            ),
        ),
        "detail": (
            "Genangannya bisa setinggi mata kaki dan baru surut berjam-jam kemudian.",
            "Sudah {durasi} tidak pernah dibersihkan.",
            "Air masuk ke halaman dan beberapa rumah warga RT {rt}.",
        ),
        "impact": ("Jalan jadi licin dan berlumpur.", "Baunya tidak sedap dan banyak nyamuk.", ""),
        "ask": ("Mohon dinormalisasi saluran airnya.", "Mohon segera ditangani.", "Terima kasih."),
    },
    "PJU-MATI": {
        "open": (
            (
                "Lampu jalan mati di {desa}",
                "Lampu penerangan jalan di {jalan}, {wilayah}, mati {jumlah} titik.",
            ),
            (
                "PJU padam di {desa}",
                "PJU di sekitar {patokan} ({wilayah}) sudah {durasi} tidak menyala.",
            ),
            (
                "Lampu jalan berkedip di {desa}",
                "Lampu jalan dekat {patokan}, {wilayah}, berkedip-kedip lalu mati setiap malam.",
            ),
        ),
        "detail": (
            "Sepanjang jalan itu jadi gelap gulita mulai magrib.",
            "Tiangnya juga agak miring.",
            "Sudah pernah disampaikan ke perangkat setempat tetapi belum ada perbaikan.",
        ),
        "impact": (
            "Warga khawatir ada kecelakaan dan kejahatan.",
            "Banyak pengendara melintas malam hari karena jalur ke pasar.",
            "",
        ),
        "ask": ("Mohon lampunya diganti.", "Mohon segera diperbaiki.", "Terima kasih."),
    },
    "AIR-MATI": {
        "open": (
            ("Air PDAM mati di {desa}", "Air PDAM di rumah kami di {wilayah} mati sejak {waktu}."),
            (
                "Air PDAM keruh di {desa}",
                "Air dari Tirta Aji di RT {rt}/RW {rw} {wilayah} keruh kecokelatan dan berbau.",
            ),
            (
                "Aliran air kecil di {desa}",
                "Aliran air PDAM di Dusun {dusun}, {wilayah}, sangat kecil, hanya menetes.",
            ),
            (
                "Air hanya mengalir malam di {desa}",
                "Sudah {durasi} air PDAM hanya mengalir tengah malam di {wilayah}.",
            ),
        ),
        "detail": (
            "Tetangga satu RT juga mengalami hal yang sama.",
            "Tidak ada pemberitahuan sebelumnya dari PDAM.",
            "Rekening tetap kami bayar tepat waktu.",
            "Sudah menelepon kantor unit tetapi belum ada kejelasan.",
        ),
        "impact": (
            "Kami harus membeli air galon untuk masak.",
            "Untuk mandi dan mencuci terpaksa mengambil dari sumur tetangga.",
            "",
        ),
        "ask": (
            "Mohon segera diperbaiki.",
            "Mohon informasi kapan normal kembali.",
            "Terima kasih.",
        ),
    },
    "PIPA-BOCOR": {
        "open": (
            (
                "Pipa PDAM bocor di {desa}",
                "Ada pipa PDAM bocor di pinggir {jalan} dekat {patokan}, {wilayah}.",
            ),
            (
                "Pipa pecah di {desa}",
                "Pipa di depan rumah warga RT {rt} {wilayah} pecah dan airnya muncrat.",
            ),
            (
                "Meteran air bocor di {desa}",
                "Meteran air di Dusun {dusun} ({wilayah}) bocor di sambungannya.",
            ),
        ),
        "detail": (
            "Airnya terbuang percuma sejak {waktu}.",
            "Kebocoran sudah {durasi} dan makin deras.",
            "Jalan di sekitarnya mulai tergerus.",
        ),
        "impact": ("Sayang airnya terbuang, sementara warga lain kekurangan.", ""),
        "ask": ("Mohon segera diperbaiki petugas.", "Mohon ditindaklanjuti.", "Terima kasih."),
    },
    "SAMPAH": {
        "open": (
            (
                "Sampah TPS tidak diangkut di {desa}",
                "Sampah di TPS dekat {patokan}, {wilayah}, sudah {durasi} tidak diangkut.",
            ),
            (
                "Tumpukan sampah di {desa}",
                "Tumpukan sampah di pinggir {jalan} {wilayah} makin tinggi.",
            ),
            (
                "Kontainer sampah penuh di {desa}",
                "Kontainer sampah di dekat {patokan} ({wilayah}) penuh dan meluber ke jalan.",
            ),
            (
                "Buang sampah sembarangan di {desa}",
                "Ada yang membuang sampah sembarangan di lahan kosong dekat {patokan}, {wilayah}.",
            ),
        ),
        "detail": (
            "Truk pengangkut biasanya datang dua hari sekali tetapi sekarang tidak datang.",
            "Baunya sampai ke rumah-rumah warga RT {rt}.",
            "Sampahnya diacak-acak anjing dan berserakan.",
        ),
        "impact": (
            "Banyak lalat dan kami khawatir anak-anak sakit.",
            "Mengganggu pengguna jalan dan pedagang.",
            "",
        ),
        "ask": ("Mohon segera diangkut.", "Mohon dijadwalkan pengangkutan rutin.", "Terima kasih."),
    },
    "PENCEMARAN": {
        "open": (
            (
                "Sungai tercemar di {desa}",
                "Sungai di Dusun {dusun}, {wilayah}, berubah warna dan berbau menyengat.",
            ),
            (
                "Asap pembakaran sampah di {desa}",
                "Ada pembakaran sampah setiap sore di dekat {patokan} ({wilayah}) yang asapnya masuk ke rumah warga.",
            ),
            (
                "Limbah kandang ternak di {desa}",
                "Kotoran ternak dari kandang di {wilayah} dibuang langsung ke saluran air.",
            ),
        ),
        "detail": (
            "Hal ini terjadi sudah {durasi}.",
            "Baunya paling parah pagi dan malam hari.",
            "Warga sudah menegur tetapi tidak digubris.",
        ),
        "impact": (
            "Beberapa anak mengalami batuk dan sesak.",
            "Ikan di kolam warga banyak yang mati.",
            "",
        ),
        "ask": (
            "Mohon diperiksa dan ditindak.",
            "Mohon dinas terkait turun ke lokasi.",
            "Terima kasih.",
        ),
    },
    "ADMINDUK-KTP": {
        "open": (
            (
                "KTP-el belum dicetak",
                "Saya sudah rekam KTP-el di Kecamatan {kec} {durasi} yang lalu tetapi belum dicetak.",
            ),
            (
                "Perubahan KK belum selesai",
                "Perubahan Kartu Keluarga yang saya ajukan di Disdukcapil belum selesai sudah {durasi}.",
            ),
            (
                "Pindah datang belum diproses",
                "Pengajuan pindah datang ke {wilayah} belum diproses.",
            ),
            (
                "Blangko KTP-el habis",
                "KTP-el saya rusak dan saat mengurus penggantian dikatakan blangko habis.",
            ),
        ),
        "detail": (
            "Setiap ditanyakan jawabannya disuruh menunggu.",
            "Saya sudah datang tiga kali ke kantor.",
            "Status di aplikasi masih tertulis diproses.",
        ),
        "impact": (
            "KTP diperlukan untuk melamar pekerjaan.",
            "Anak saya perlu KK baru untuk daftar sekolah.",
            "Saya tidak bisa mengurus BPJS tanpa KTP.",
            "",
        ),
        "ask": ("Mohon dibantu.", "Mohon kejelasannya.", "Terima kasih."),
    },
    "ADMINDUK-AKTA": {
        "open": (
            (
                "Akta kelahiran belum jadi",
                "Akta kelahiran anak saya yang diajukan lewat {wilayah} belum jadi sudah {durasi}.",
            ),
            (
                "Akta kematian belum selesai",
                "Pengurusan akta kematian orang tua kami di Disdukcapil belum selesai.",
            ),
            (
                "Pembetulan akta belum diproses",
                "Nama di akta kelahiran saya salah ketik dan pembetulannya belum diproses.",
            ),
        ),
        "detail": (
            "Berkas sudah lengkap sesuai persyaratan.",
            "Sudah tanya ke operator desa tetapi katanya menunggu dari kabupaten.",
            "",
        ),
        "impact": (
            "Dokumen ini dibutuhkan untuk urusan warisan.",
            "Dibutuhkan untuk pendaftaran sekolah.",
            "",
        ),
        "ask": ("Mohon dibantu percepatannya.", "Mohon informasinya.", "Terima kasih."),
    },
    "PUSKESMAS": {
        "open": (
            (
                "Antrean lama di Puskesmas {kec}",
                "Antrean di Puskesmas {kec} sangat lama, saya datang jam tujuh baru dilayani jam sebelas.",
            ),
            (
                "Obat kosong di Puskesmas {kec}",
                "Obat yang diresepkan di Puskesmas {kec} sering kosong.",
            ),
            (
                "Petugas Puskesmas {kec} kurang ramah",
                "Petugas pendaftaran di Puskesmas {kec} kurang ramah kepada pasien lansia.",
            ),
            ("Pustu {desa} sering tutup", "Pustu di {wilayah} sering tutup pada jam pelayanan."),
        ),
        "detail": (
            "Kejadian terakhir {waktu}.",
            "Ini sudah terjadi berkali-kali.",
            "Pasien disuruh membeli obat di apotek luar.",
        ),
        "impact": ("Kasihan pasien yang sakit harus menunggu lama.", ""),
        "ask": ("Mohon pelayanannya diperbaiki.", "Mohon dievaluasi.", "Terima kasih."),
    },
    "RSUD-LAYANAN": {
        "open": (
            (
                "Menunggu lama di IGD RSUD",
                "Keluarga kami menunggu di IGD RSUD lebih dari lima jam sebelum mendapat kamar.",
            ),
            (
                "Antrean poli RSUD panjang",
                "Antrean pendaftaran poli di RSUD sangat panjang dan antrean daring sering galat.",
            ),
            (
                "Pasien BPJS diminta membayar obat",
                "Pasien BPJS diminta membayar obat tambahan di RSUD.",
            ),
            (
                "Sikap perawat bangsal RSUD",
                "Perawat di bangsal bersikap kurang sopan kepada keluarga pasien.",
            ),
        ),
        "detail": ("Kejadiannya {waktu}.", "Kami tidak mendapat penjelasan yang jelas.", ""),
        "impact": ("Pasiennya lansia dan kondisinya lemah.", ""),
        "ask": ("Mohon menjadi perhatian manajemen RSUD.", "Mohon diperbaiki.", "Terima kasih."),
    },
    "DBD-FOGGING": {
        "open": (
            (
                "Kasus DBD di {desa}",
                "Di RT {rt}/RW {rw} {wilayah} sudah ada {jumlah} warga yang dirawat karena demam berdarah.",
            ),
            (
                "Permintaan fogging di {desa}",
                "Warga Dusun {dusun} ({wilayah}) meminta pengasapan karena nyamuk sangat banyak.",
            ),
            (
                "Anak positif DBD di {desa}",
                "Ada anak tetangga di {wilayah} yang positif DBD {waktu}.",
            ),
        ),
        "detail": (
            "Banyak genangan dan barang bekas di sekitar permukiman.",
            "Kami sudah kerja bakti PSN tetapi nyamuk masih banyak.",
            "",
        ),
        "impact": ("Warga khawatir kasusnya bertambah.", ""),
        "ask": (
            "Mohon dilakukan fogging.",
            "Mohon petugas kesehatan datang memeriksa.",
            "Terima kasih.",
        ),
    },
    "KETERTIBAN": {
        "open": (
            (
                "PKL di trotoar dekat {patokan}",
                "Pedagang kaki lima memenuhi trotoar dekat {patokan} sehingga pejalan kaki turun ke jalan.",
            ),
            (
                "Parkir liar di {desa}",
                "Banyak kendaraan parkir di bahu jalan dekat {patokan}, {wilayah}, dan membuat macet.",
            ),
            (
                "Reklame liar di {desa}",
                "Ada reklame dan spanduk liar dipasang di pohon dan tiang listrik di {jalan}.",
            ),
            (
                "Keributan malam di {desa}",
                "Setiap malam ada sekelompok orang berkumpul dan membuat keributan di dekat {patokan}.",
            ),
        ),
        "detail": ("Sudah berlangsung {durasi}.", "Paling parah sore sampai malam hari.", ""),
        "impact": ("Mengganggu warga dan pengguna jalan.", "Warga takut untuk menegur.", ""),
        "ask": ("Mohon ditertibkan.", "Mohon ditindak sesuai aturan.", "Terima kasih."),
    },
    "POHON-TUMBANG": {
        "open": (
            (
                "Pohon tumbang menutup jalan di {desa}",
                "Pohon besar tumbang menutup {jalan} di {wilayah} {waktu}.",
            ),
            (
                "Tanah longsor di {desa}",
                "Terjadi tanah longsor di tebing dekat {patokan}, Dusun {dusun}, {wilayah}.",
            ),
            (
                "Pohon menimpa rumah di {desa}",
                "Angin kencang merobohkan pohon yang menimpa atap rumah warga RT {rt} di {wilayah}.",
            ),
            (
                "Banjir di {desa}",
                "Air sungai meluap dan masuk ke permukiman Dusun {dusun}, {wilayah}.",
            ),
        ),
        "detail": (
            "Jalan tidak bisa dilewati kendaraan roda empat.",
            "Masih ada retakan tanah di atasnya.",
            "Kabel listrik ikut tertimpa.",
            "Warga sedang berusaha membersihkan dengan alat seadanya.",
        ),
        "impact": ("Ada rumah warga yang terancam.", "Akses ke dusun terputus.", ""),
        "ask": (
            "Mohon segera dikirim bantuan.",
            "Mohon segera ditangani, berbahaya.",
            "Mohon bantuan alat berat.",
        ),
    },
    "SEKOLAH": {
        "open": (
            (
                "Sumbangan wajib di sekolah",
                "Sekolah anak saya di {kec} meminta sumbangan pembangunan dengan nominal yang ditentukan.",
            ),
            (
                "Atap kelas SD bocor di {desa}",
                "Atap ruang kelas SD di {wilayah} bocor dan plafonnya hampir jatuh.",
            ),
            (
                "Tidak diterima di sekolah zonasi",
                "Anak saya tidak diterima di sekolah terdekat padahal rumah kami di zona sekolah tersebut.",
            ),
            ("Guru sering tidak hadir", "Guru kelas di salah satu SD di {kec} sering tidak hadir."),
        ),
        "detail": (
            "Sudah disampaikan ke komite tetapi belum ada tanggapan.",
            "Kondisinya sudah {durasi}.",
            "",
        ),
        "impact": (
            "Anak-anak jadi tidak nyaman belajar.",
            "Orang tua yang kurang mampu merasa keberatan.",
            "",
        ),
        "ask": ("Mohon ditindaklanjuti.", "Mohon penjelasannya.", "Terima kasih."),
    },
    "BANSOS": {
        "open": (
            (
                "Bansos tidak tepat sasaran di {desa}",
                "Ada warga mampu di {wilayah} yang menerima bantuan sosial, sedangkan tetangga yang miskin tidak.",
            ),
            ("Bantuan PKH belum cair", "Bantuan PKH keluarga kami belum cair sudah {durasi}."),
            (
                "Nama hilang dari DTKS",
                "Nama kami hilang dari DTKS padahal kondisi ekonomi tidak berubah.",
            ),
            (
                "Pembagian sembako tidak sesuai daftar",
                "Bantuan sembako di Dusun {dusun}, {wilayah}, dibagi tidak sesuai daftar.",
            ),
        ),
        "detail": ("Sudah lapor ke pendamping.", "Kami tidak tahu harus mengadu ke mana.", ""),
        "impact": ("Kami sangat membutuhkan bantuan itu.", ""),
        "ask": ("Mohon dicek datanya.", "Mohon diverifikasi ulang.", "Terima kasih."),
    },
    "RTLH": {
        "open": (
            (
                "Rumah lansia tidak layak huni di {desa}",
                "Ada rumah warga lansia di Dusun {dusun}, {wilayah}, yang dindingnya bambu lapuk dan atapnya bocor.",
            ),
            (
                "Rumah hampir roboh di {desa}",
                "Rumah keluarga kurang mampu di RT {rt}/RW {rw} {wilayah} hampir roboh.",
            ),
            (
                "Usulan bedah rumah {desa}",
                "Usulan bedah rumah untuk warga di {wilayah} belum ada kabar.",
            ),
        ),
        "detail": ("Lantainya masih tanah dan lembap.", "Sudah diusulkan lewat musrenbang.", ""),
        "impact": ("Kalau hujan penghuni harus mengungsi ke tetangga.", ""),
        "ask": ("Mohon dapat dibantu program RTLH.", "Mohon disurvei.", "Terima kasih."),
    },
    "PUPUK-PERTANIAN": {
        "open": (
            (
                "Pupuk subsidi kosong di {kec}",
                "Pupuk bersubsidi di kios resmi di {kec} kosong sudah {durasi}.",
            ),
            (
                "Pupuk dijual di atas HET",
                "Kios pupuk di {wilayah} menjual pupuk subsidi di atas HET.",
            ),
            (
                "Hama kentang di {desa}",
                "Tanaman kentang petani di {wilayah} terserang hama dan busuk daun.",
            ),
            (
                "Irigasi usaha tani rusak di {desa}",
                "Saluran irigasi usaha tani di Dusun {dusun} ({wilayah}) rusak.",
            ),
        ),
        "detail": (
            "Petani terpaksa membeli pupuk nonsubsidi.",
            "Kelompok tani sudah melapor ke penyuluh.",
            "",
        ),
        "impact": ("Musim tanam sudah dekat.", "Hasil panen terancam turun.", ""),
        "ask": ("Mohon ditindaklanjuti.", "Mohon pendampingan dari dinas.", "Terima kasih."),
    },
    "PUNGLI": {
        "open": (
            (
                "Dugaan pungli di kantor pelayanan",
                "Saat mengurus surat di kantor pelayanan, saya dimintai uang supaya cepat selesai.",
            ),
            (
                "Calo pengurusan dokumen",
                "Ada oknum yang menawarkan jasa pengurusan dokumen dengan biaya di luar ketentuan.",
            ),
            (
                "Izin usaha dipersulit",
                "Pengurusan izin usaha kami dipersulit kecuali memberi imbalan.",
            ),
            (
                "Pungutan program gratis di {desa}",
                "Warga {wilayah} dipungut biaya untuk program yang seharusnya gratis.",
            ),
        ),
        "detail": (
            "Kejadiannya {waktu}.",
            "Nominal yang diminta cukup besar.",
            "Ada beberapa warga lain yang mengalami.",
        ),
        "impact": ("",),
        "ask": ("Mohon diusut.", "Mohon identitas saya dirahasiakan.", "Mohon ditindak tegas."),
    },
}

# Junk that reaches a hotline and is rejected at verification.
SPAM_TEXTS = (
    "Pinjaman dana cepat cair tanpa jaminan, bunga rendah, hubungi admin kami sekarang juga.",
    "Promo paket data murah seharga sepuluh ribu, info lebih lanjut lihat profil kami.",
    "Dijual bibit kentang unggul dan pupuk organik harga grosir, minat hubungi kami.",
    "Jasa pembuatan website dan aplikasi murah untuk desa, konsultasi gratis.",
)
# What the verifier notes down from a prank call's recording.
PRANK_CALLS = (
    "Rekaman hanya berisi suara tawa lalu telepon ditutup.",
    "Penelepon anak-anak, tidak menyampaikan pengaduan.",
    "Rekaman berisi musik tanpa pesan.",
)
PRANK_TEXTS = (
    "tes tes coba lapor saja",
    "halo halo ini cuma coba aplikasi",
    "iseng aja mau lihat dibalas atau tidak",
    "laporan percobaan jangan ditanggapi",
)
OUT_OF_SCOPE_TEXTS = (
    "Listrik PLN di rumah saya sering padam sejak kemarin, tolong dicek.",
    "Sinyal internet operator seluler di dusun kami hilang terus sejak seminggu.",
    "Antrean pembuatan SIM di kantor polisi sangat lama, mohon diperbaiki.",
    "Paket kiriman ekspedisi saya tidak sampai sudah dua minggu.",
    "Tetangga saya meminjam uang dan tidak mau mengembalikan.",
    "Angsuran kredit motor saya ditagih dua kali oleh leasing.",
)

REJECT_BODY = {
    "spam": "Isi laporan berupa promosi, bukan pengaduan layanan publik.",
    "prank": "Laporan tidak berisi pengaduan (laporan iseng/percobaan).",
    "out_of_scope": (
        "Permasalahan ini bukan kewenangan Pemerintah Kabupaten Wonosobo. "
        "Silakan menghubungi penyedia layanan atau instansi yang bersangkutan."
    ),
    "incomplete": (
        "Rekaman terputus sebelum isi pengaduan disampaikan dan pelapor tidak dapat dihubungi."
    ),
}

VERIFIER_INFO_REQUESTS = (
    "Mohon lengkapi lokasi yang lebih tepat (nama dusun, RT/RW atau patokan terdekat).",
    "Mohon kirimkan foto kondisi di lokasi agar dapat kami teruskan ke instansi terkait.",
    "Mohon jelaskan sejak kapan masalah ini terjadi dan seberapa luas dampaknya.",
    "Laporan Anda terputus. Mohon sampaikan kembali permasalahan dan lokasinya.",
)
AGENCY_INFO_REQUESTS = {
    "AIR-MATI": "Mohon sampaikan nomor sambungan pelanggan yang tertera di rekening air.",
    "PIPA-BOCOR": "Mohon kirim foto titik kebocoran dan patokan terdekat.",
    "ADMINDUK-KTP": "Mohon sampaikan NIK pemohon dan tanggal pengajuan melalui kanal rahasia pelayanan.",
    "ADMINDUK-AKTA": "Mohon sampaikan nomor registrasi pengajuan yang tertera di tanda terima.",
    "BANSOS": "Mohon sampaikan nama kepala keluarga dan dusun agar dapat kami cek di DTKS.",
    "SEKOLAH": "Mohon sebutkan nama sekolah yang dimaksud.",
    "PUSKESMAS": "Mohon sebutkan tanggal dan jam kejadian agar dapat kami telusuri.",
}
GENERIC_AGENCY_INFO_REQUEST = (
    "Mohon tambahkan keterangan lokasi atau foto agar petugas kami dapat menemukan titiknya."
)
INFO_ANSWERS = (
    "Lokasinya di Dusun {dusun} RT {rt}/RW {rw}, sekitar seratus meter dari {patokan}.",
    "Fotonya sudah saya kirim lewat halaman lacak laporan. Patokannya {patokan}.",
    "Masalahnya sejak {durasi} yang lalu dan dialami sekitar {jumlah}0 rumah.",
    "Nomor yang diminta sudah saya tuliskan. Mohon segera ditindaklanjuti.",
    "Tepatnya di depan rumah bercat hijau dekat {patokan}, {wilayah}.",
)
ARCHIVE_BODY = "Informasi yang diminta tidak kami terima dalam 10 hari kerja; laporan diarsipkan."
WITHDRAW_BODIES = (
    "Masalahnya sudah diperbaiki secara swadaya oleh warga, laporan saya cabut.",
    "Sudah beres, terima kasih.",
    "Saya salah memilih lokasi, akan melapor ulang.",
)
JUNK_RETURNED = "Isi laporan bukan pengaduan yang dapat kami tangani; dikembalikan ke ULP."
MERGE_BODY = "Masalah dan lokasinya sama dengan laporan lain yang sudah ditangani."

PROGRESS_REPLIES: dict[str, tuple[str, ...]] = {
    "DPUPR": (
        "Laporan sudah kami terima dan diteruskan ke UPT Jalan dan Jembatan wilayah {kec} untuk disurvei.",
        "Tim kami sudah meninjau lokasi. Perbaikan dijadwalkan setelah material tersedia.",
    ),
    "TIRTAAJI": (
        "Petugas teknik sedang menelusuri gangguan di jaringan pipa wilayah {desa}.",
        "Gangguan disebabkan perbaikan pipa transmisi; tim kami sedang bekerja di lapangan.",
    ),
    "TIRTAAJI-KERTEK": (
        "Petugas Unit Kertek sedang memeriksa sumber dan jaringan distribusi ke {desa}.",
    ),
    "DLH": ("Laporan diteruskan ke koordinator armada pengangkutan wilayah {kec}.",),
    "DLH-UPTKP": ("Armada UPT Kebersihan dijadwalkan mengangkut sampah di lokasi tersebut.",),
    "DISDUKCAPIL": ("Berkas Anda sedang kami cek di sistem. Mohon ditunggu.",),
    "DISHUB": ("Tim PJU akan melakukan pengecekan ke lokasi pada jadwal pemeliharaan minggu ini.",),
    "DINKES": ("Laporan sudah kami sampaikan kepada Kepala Puskesmas terkait untuk dievaluasi.",),
    "RSUD": ("Keluhan Anda sudah kami terima dan sedang ditelusuri oleh bagian pelayanan.",),
    "SATPOLPP": ("Laporan kami jadwalkan dalam kegiatan patroli wilayah {kec}.",),
    "BPBD": (
        "Tim reaksi cepat BPBD sedang menuju lokasi.",
        "Petugas TRC dan relawan sudah di lokasi.",
    ),
    "DISDIK": ("Laporan sedang kami klarifikasi kepada kepala sekolah dan pengawas.",),
    "DINSOS": ("Data yang dilaporkan sedang kami verifikasi bersama pendamping desa.",),
    "DISPERKIM": ("Usulan sudah kami catat dan akan diverifikasi oleh tim survei.",),
    "DISPAPERKAN": ("Petugas penyuluh pertanian akan meninjau lokasi.",),
    "INSPEKTORAT": ("Laporan sedang kami telaah. Identitas pelapor kami jaga kerahasiaannya.",),
}
GENERIC_PROGRESS = ("Laporan sudah kami terima dan sedang kami tindak lanjuti.",)

ANSWERS: dict[str, tuple[str, ...]] = {
    "JALAN-RUSAK": (
        "Lubang di ruas tersebut sudah ditambal oleh tim UPT Jalan dan Jembatan pada {tanggal}.",
        "Perbaikan ruas jalan di {desa} telah dilaksanakan dengan pengaspalan ulang sepanjang kerusakan.",
        "Ruas tersebut merupakan jalan lingkungan; kami sudah berkoordinasi dengan pemerintah {wilayah} agar perbaikannya diusulkan melalui musrenbang.",
        "Penanganan sementara dengan penimbunan sirtu sudah dilakukan; perbaikan permanen masuk usulan anggaran tahun depan.",
    ),
    "JEMBATAN-RUSAK": (
        "Pagar pengaman jembatan sudah dipasang kembali pada {tanggal}.",
        "Lantai jembatan sudah diganti dan jembatan aman dilalui kendaraan roda dua.",
        "Jembatan sudah dipasangi rambu batas muatan; rehabilitasi diusulkan dalam anggaran perubahan.",
    ),
    "DRAINASE": (
        "Saluran sudah dinormalisasi dan sedimen diangkut pada {tanggal}.",
        "Gorong-gorong sudah dibersihkan bersama warga dan air kembali mengalir.",
    ),
    "PJU-MATI": (
        "Lampu PJU di lokasi tersebut sudah diganti dan menyala kembali sejak {tanggal}.",
        "Kerusakan pada panel dan kabel sudah diperbaiki; lampu kembali menyala.",
    ),
    "AIR-MATI": (
        "Gangguan disebabkan kebocoran pipa distribusi dan sudah diperbaiki. Aliran air normal sejak {tanggal}.",
        "Air keruh akibat debit sumber yang bercampur lumpur setelah hujan; pengurasan jaringan sudah dilakukan.",
        "Aliran kecil karena tekanan rendah di ujung jaringan; pengaturan katup sudah dilakukan dan aliran membaik.",
    ),
    "PIPA-BOCOR": (
        "Pipa yang bocor sudah diganti oleh petugas teknik pada {tanggal}.",
        "Sambungan meteran sudah diperbaiki dan tidak bocor lagi.",
    ),
    "SAMPAH": (
        "Sampah di lokasi tersebut sudah diangkut pada {tanggal}. Jadwal pengangkutan kami tambah.",
        "Timbunan sampah liar sudah dibersihkan dan dipasang papan larangan membuang sampah.",
    ),
    "PENCEMARAN": (
        "Petugas sudah memeriksa lokasi dan memberikan teguran tertulis kepada pihak yang bertanggung jawab.",
        "Sampel air sudah diambil untuk uji laboratorium; pemilik usaha diminta memperbaiki pengolahan limbahnya.",
    ),
    "ADMINDUK-KTP": (
        "KTP-el Anda sudah dicetak dan dapat diambil di kantor Kecamatan {kec}.",
        "Perubahan KK sudah selesai diproses dan dapat diunduh melalui layanan daring Disdukcapil.",
        "Blangko sudah tersedia kembali; KTP-el Anda tercetak pada {tanggal}.",
    ),
    "ADMINDUK-AKTA": (
        "Akta sudah selesai dan dapat diambil di kantor desa atau diunduh dalam bentuk PDF bertanda tangan elektronik.",
        "Pembetulan akta sudah diproses; silakan mengambil akta yang baru dengan membawa akta lama.",
    ),
    "PUSKESMAS": (
        "Kepala Puskesmas sudah melakukan pembinaan kepada petugas dan menambah loket pendaftaran pada jam sibuk.",
        "Stok obat sudah dipenuhi kembali dari Instalasi Farmasi Kabupaten.",
    ),
    "RSUD-LAYANAN": (
        "Terima kasih atas masukannya. Manajemen RSUD sudah menindaklanjuti dengan evaluasi alur pelayanan.",
        "Kami mohon maaf atas ketidaknyamanannya. Petugas terkait sudah mendapat pembinaan.",
    ),
    "DBD-FOGGING": (
        "Petugas Puskesmas sudah melakukan penyelidikan epidemiologi dan fogging fokus pada {tanggal}.",
        "Hasil penyelidikan tidak memenuhi kriteria fogging; kami lakukan PSN dan pembagian abate bersama kader.",
    ),
    "KETERTIBAN": (
        "Petugas sudah melakukan penertiban dan pembinaan di lokasi pada {tanggal}.",
        "Reklame liar sudah dicopot dan lokasi masuk jadwal patroli rutin.",
    ),
    "POHON-TUMBANG": (
        "Pohon sudah dipotong dan dievakuasi bersama relawan, jalan dapat dilalui kembali.",
        "Material longsor sudah dibersihkan; warga terdampak sudah menerima bantuan logistik.",
        "Tim gabungan sudah menangani lokasi; area rawan sudah dipasangi tanda peringatan.",
    ),
    "SEKOLAH": (
        "Kami sudah mengklarifikasi kepada sekolah; sumbangan bersifat sukarela dan tidak boleh ditentukan nominalnya.",
        "Perbaikan atap ruang kelas sudah masuk program rehabilitasi sekolah tahun ini.",
    ),
    "BANSOS": (
        "Data sudah kami verifikasi dan diusulkan perbaikannya dalam pemutakhiran DTKS bulan ini.",
        "Bantuan sudah cair melalui rekening penerima pada {tanggal}.",
    ),
    "RTLH": (
        "Rumah tersebut sudah disurvei dan masuk daftar calon penerima bantuan RTLH tahun depan.",
        "Usulan sudah diverifikasi; warga dapat berkoordinasi dengan pemerintah desa untuk kelengkapan berkas.",
    ),
    "PUPUK-PERTANIAN": (
        "Distributor sudah diminta menambah alokasi ke kios; stok tersedia kembali sejak {tanggal}.",
        "Kios yang menjual di atas HET sudah diberi peringatan tertulis.",
        "Penyuluh sudah memberikan pendampingan pengendalian hama kepada kelompok tani.",
    ),
    "PUNGLI": (
        "Laporan sudah kami tindak lanjuti dengan pemeriksaan. Hasilnya disampaikan kepada pimpinan untuk diberi sanksi.",
        "Terima kasih. Oknum yang bersangkutan sudah diperiksa dan dibina; pungutan dihentikan.",
    ),
}

INTERNAL_NOTES = (
    "Sudah dikoordinasikan dengan petugas wilayah {kec}.",
    "Pelapor sudah dihubungi untuk konfirmasi.",
    "Masuk daftar prioritas penanganan bulan ini.",
)
# Notes of the agencies that send crews out.
FIELD_NOTES = (
    "Survei lokasi dijadwalkan minggu ini.",
    "Menunggu ketersediaan material di gudang.",
    "Tim lapangan wilayah {kec} sudah dijadwalkan.",
)
FIELD_CATEGORIES = (
    "JALAN-RUSAK",
    "JEMBATAN-RUSAK",
    "DRAINASE",
    "PJU-MATI",
    "AIR-MATI",
    "PIPA-BOCOR",
    "SAMPAH",
)

DISPUTES = (
    "Belum ada perbaikan sama sekali di lokasi, mohon dicek kembali.",
    "Perbaikannya hanya sementara, sekarang sudah rusak lagi.",
    "Masalahnya masih terjadi sampai hari ini.",
    "Jawaban tidak sesuai dengan yang saya laporkan.",
)
RATING_COMMENTS = {
    5: (
        "Terima kasih, cepat ditangani.",
        "Mantap, pelayanan memuaskan.",
        "Sudah beres, terima kasih banyak.",
        "",
    ),
    4: ("Terima kasih, sudah ditangani walau agak lama.", "Sudah baik.", ""),
    3: ("Lumayan, tapi penanganannya lama.", "Cukup, semoga lebih cepat lagi.", ""),
    2: ("Lama sekali baru ditangani.", "Hanya diperbaiki seadanya.", ""),
    1: ("Tidak ada perbaikan yang berarti.", "Kecewa, laporan seperti tidak ditanggapi.", ""),
}

# "Bukan wewenang": the agency a verifier might wrongly choose, and the reason given back.
WRONG_AGENCY: dict[str, tuple[str, str]] = {
    "DRAINASE": ("DLH", "Saluran drainase jalan merupakan kewenangan DPUPR, bukan DLH."),
    "PJU-MATI": ("DPUPR", "Penerangan jalan umum dikelola Dinas Perhubungan."),
    "PENCEMARAN": ("DINKES", "Pengawasan pencemaran lingkungan merupakan kewenangan DLH."),
    "BANSOS": ("DISDUKCAPIL", "Data penerima bansos (DTKS) dikelola Dinas Sosial."),
    "RTLH": ("DINSOS", "Program RTLH/bedah rumah ditangani Disperkim."),
    "KETERTIBAN": ("DISHUB", "Penertiban PKL dan reklame liar merupakan kewenangan Satpol PP."),
    "JEMBATAN-RUSAK": ("BPBD", "Bukan kejadian bencana; perbaikan jembatan kewenangan DPUPR."),
    "DBD-FOGGING": ("DLH", "Penanganan DBD dan fogging merupakan kewenangan Dinas Kesehatan."),
    "PUPUK-PERTANIAN": ("DISPERKIM", "Pupuk bersubsidi dan pertanian ditangani Dispaperkan."),
}
# Transfers between agencies, with the reason the first agency gives.
TRANSFERS: dict[str, tuple[str, str]] = {
    "DRAINASE": ("DISPERKIM", "Saluran berada di kawasan perumahan; kewenangan Disperkim."),
    "JALAN-RUSAK": (
        "DISPERKIM",
        "Ruas tersebut jalan lingkungan perumahan; dialihkan ke Disperkim.",
    ),
    "SAMPAH": ("DLH-UPTKP", "Lokasi masuk rute armada UPT Kebersihan; dialihkan."),
    "AIR-MATI": ("TIRTAAJI-KERTEK", "Lokasi dilayani jaringan Unit Kertek; dialihkan."),
    "KETERTIBAN": ("DISHUB", "Parkir liar di badan jalan ditangani Dinas Perhubungan."),
    "PUSKESMAS": ("RSUD", "Keluhan terkait layanan rujukan di RSUD; dialihkan ke RSUD."),
}

# Agencies' pace: a factor on their handling times (DPUPR waits for budgets and contractors).
AGENCY_PACE: dict[str, float] = {
    "DPUPR": 1.6,
    "DINSOS": 1.5,
    "DISPERKIM": 1.4,
    "DISPAPERKAN": 1.3,
    "INSPEKTORAT": 1.8,
    "DISDIK": 1.2,
    "SATPOLPP": 1.1,
    "DLH": 1.0,
    "DLH-UPTKP": 0.7,
    "TIRTAAJI": 0.8,
    "TIRTAAJI-KERTEK": 1.0,
    "DISDUKCAPIL": 0.6,
    "DISHUB": 1.0,
    "DINKES": 0.9,
    "RSUD": 0.8,
    "BPBD": 1.0,
}
INFRASTRUCTURE = ("JALAN-RUSAK", "JEMBATAN-RUSAK")
WORK_DAY_HOURS = 7.5


# --------------------------------------------------------------------------------------------
# The world as seeded, and the plan
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    level: str  # desa | kelurahan
    kecamatan: str
    kecamatan_name: str

    @property
    def label(self) -> str:
        """How the place is written in a sentence: "Desa Kaligowong", "Kelurahan Mlipak"."""
        return f"{self.level.capitalize()} {self.name}"


@dataclass
class World:
    category_ids: dict[str, int]
    urgent: dict[str, bool]
    default_privacy: dict[str, str]
    agency_ids: dict[str, int]
    agency_codes: dict[int, str]
    central_id: int
    places: dict[str, list[Place]]  # kecamatan code -> desa/kelurahan
    kecamatan_names: dict[str, str]
    rules: list[routing.Rule]
    calendar: WorkingCalendar
    verifiers: list[int]
    operators: list[int]
    petugas: dict[str, int]
    supervisors: dict[str, int]

    def route(self, category: str | None, region: str) -> tuple[str | None, bool]:
        decision = routing.route(category, region, self.rules) if category else None
        return (decision.agency_code, decision.confident) if decision else (None, False)


@dataclass
class Step:
    at: datetime
    op: str
    args: dict[str, Any] = field(default_factory=dict)


@dataclass
class TicketPlan:
    n: int
    at: datetime
    draft: ReportDraft
    actor: Actor
    category: str | None  # what it is really about, even when the caller chose "lainnya"
    fate: str
    steps: list[Step] = field(default_factory=list)


async def load_world() -> World:
    categories = await Category.select(
        Category.id, Category.service_code, Category.urgent, Category.default_privacy
    ).order_by(Category.id)
    agencies = await Agency.select(Agency.id, Agency.code, Agency.is_central).order_by(Agency.id)
    regions = await Region.select(Region.code, Region.name, Region.level).order_by(Region.code)
    rules = await active_rules()
    users = await User.select(User.id, User.role, User.agency.code).order_by(User.id)
    central = next(a for a in agencies if a["is_central"])
    kecamatan = {r["code"]: r["name"] for r in regions if r["level"] == "kecamatan"}
    places: dict[str, list[Place]] = {code: [] for code in sorted(kecamatan)}
    for r in regions:
        if r["level"] in ("desa", "kelurahan"):
            kec = r["code"].rsplit(".", 1)[0]
            places[kec].append(Place(r["code"], r["name"], r["level"], kec, kecamatan[kec]))
    petugas: dict[str, int] = {}
    supervisors: dict[str, int] = {}
    for u in users:
        if u["role"] == "petugas":
            petugas.setdefault(u["agency.code"], u["id"])
        elif u["role"] == "supervisor":
            supervisors.setdefault(u["agency.code"], u["id"])
    return World(
        category_ids={c["service_code"]: c["id"] for c in categories},
        urgent={c["service_code"]: bool(c["urgent"]) for c in categories},
        default_privacy={c["service_code"]: c["default_privacy"] for c in categories},
        agency_ids={a["code"]: a["id"] for a in agencies},
        agency_codes={a["id"]: a["code"] for a in agencies},
        central_id=central["id"],
        places=places,
        kecamatan_names=kecamatan,
        rules=rules,
        calendar=await agency_calendar(central["id"]),
        verifiers=[u["id"] for u in users if u["role"] == "verifikator"],
        operators=[u["id"] for u in users if u["role"] == "operator"],
        petugas=petugas,
        supervisors=supervisors,
    )


class Planner:
    """Draws the reports and their paths. Pure: only the seeded `rng` decides."""

    def __init__(self, rng: random.Random, world: World, start: datetime, end: datetime) -> None:
        self.rng = rng
        self.world = world
        self.start = start
        self.end = end
        self.plans: list[TicketPlan] = []
        # (category, kecamatan) -> recent plans that a later report may duplicate.
        self.recent: dict[tuple[str, str], list[TicketPlan]] = {}

    # -- time ------------------------------------------------------------------------------

    def work(self, t: datetime, hours: float) -> datetime:
        """`hours` of working time after `t` on the central (WIB standar) calendar."""
        at = self.world.calendar.add(t, timedelta(hours=max(hours, 0.01)))
        return at.astimezone(UTC).replace(microsecond=0)

    def wall(self, t: datetime, hours: float) -> datetime:
        return (t + timedelta(hours=max(hours, 0.01))).replace(microsecond=0)

    def reporter(self, t: datetime, hours: float) -> datetime:
        """A reporter acts `hours` later, but not in the small hours of the night."""
        at = t + timedelta(hours=max(hours, 0.05))
        local = at.astimezone(WIB)
        if local.hour < 6:
            local = local.replace(hour=6, minute=self.rng.randrange(60)) + timedelta(
                hours=self.rng.uniform(0, 3)
            )
        elif local.hour >= 22:
            local = (local + timedelta(days=1)).replace(hour=6, minute=self.rng.randrange(60))
        return local.astimezone(UTC).replace(microsecond=0)

    # -- arrivals --------------------------------------------------------------------------

    def arrivals(self, count: int) -> list[tuple[datetime, bool]]:
        """`count` arrival instants (sorted) and whether each falls on a storm day."""
        rng = self.rng
        cal = self.world.calendar
        slots: list[datetime] = []
        weights: list[float] = []
        t = self.start
        total = (self.end - self.start).total_seconds()
        while t < self.end:
            local = t.astimezone(WIB)
            day = local.date()
            w = WEEKDAY_WEIGHT[day.weekday()] * HOUR_WEIGHT[local.hour]
            if day.weekday() < 5 and not cal.is_working_day(day):
                w *= HOLIDAY_WEIGHT
            # Use of the hotline grows slowly over the months.
            w *= 0.8 + 0.4 * ((t - self.start).total_seconds() / total)
            slots.append(t)
            weights.append(w)
            t += timedelta(hours=1)
        days = sorted({s.astimezone(WIB).date() for s in slots})
        storms = set(rng.sample(days, min(STORM_DAYS, len(days)))) if days else set()
        picked = rng.choices(range(len(slots)), weights=weights, k=count) if slots else []
        out = []
        for i in picked:
            at = slots[i] + timedelta(seconds=rng.randrange(3600))
            at = min(at, self.end - timedelta(seconds=1))
            out.append((at, at.astimezone(WIB).date() in storms))
        out.sort(key=lambda x: x[0])
        return out

    # -- one report ------------------------------------------------------------------------

    def pick_category(self, storm: bool) -> str:
        codes = [c for c in CATEGORY_WEIGHTS if c in self.world.category_ids]
        weights = [CATEGORY_WEIGHTS[c] * (STORM_BOOST.get(c, 1.0) if storm else 1.0) for c in codes]
        return self.rng.choices(codes, weights=weights)[0]

    def pick_place(self, category: str) -> Place:
        bias = CATEGORY_PLACE_BIAS.get(category, {})
        kecs = [k for k in KECAMATAN_WEIGHTS if self.world.places.get(k)]
        weights = [KECAMATAN_WEIGHTS[k] * bias.get(k, 1.0) for k in kecs]
        kec = self.rng.choices(kecs, weights=weights)[0]
        return self.rng.choice(self.world.places[kec])

    def context(self, place: Place) -> dict[str, Any]:
        rng = self.rng
        others = [p for p in self.world.places[place.kecamatan] if p.code != place.code] or [place]
        ctx: dict[str, Any] = {
            "desa": place.name,
            "wilayah": place.label,
            "balai": (
                f"kantor Kelurahan {place.name}"
                if place.level == "kelurahan"
                else f"balai desa {place.name}"
            ),
            "desa2": rng.choice(others).name,
            "kec": place.kecamatan_name,
            "dusun": rng.choice(DUSUN),
            "rt": f"{rng.randint(1, 8):02d}",
            "rw": f"{rng.randint(1, 6):02d}",
            "n": rng.randint(1, 4),
            "jumlah": rng.randint(2, 6),
            "durasi": rng.choice(DURATIONS),
            "waktu": rng.choice(WHEN),
        }
        ctx["jalan"] = rng.choice(
            (
                "jalan poros desa",
                f"jalan menuju {ctx['desa2']}",
                f"Jalan Raya {place.kecamatan_name}",
                f"jalan lingkungan RT {ctx['rt']}",
                "jalan menuju pasar",
                f"jalan dusun {ctx['dusun']}",
            )
        )
        ctx["patokan"] = rng.choice(LANDMARKS).format(**ctx)
        return ctx

    def describe(self, category: str, ctx: dict[str, Any]) -> tuple[str, str]:
        texts = TEXTS[category]
        title, opening = self.rng.choice(texts["open"])
        parts = [opening] + [self.rng.choice(texts[k]) for k in ("detail", "impact", "ask")]
        return title.format(**ctx), " ".join(p for p in parts if p).format(**ctx)

    def reporter_draft(self, channel: Channel, privacy: Privacy) -> ReporterDraft:
        rng = self.rng
        name = rng.choice(GIVEN_NAMES)
        phone = f"+62812000{rng.randrange(100000):05d}"
        email = f"{name.lower()}{rng.randint(1, 999)}@example.com"
        consent = rng.random() < 0.92
        locale = "en" if rng.random() < 0.02 else "id"
        if channel is Channel.TELEPON:
            # The caller's number is known; callers rarely leave a name.
            has_name = privacy is not Privacy.ANONIM and rng.random() < 0.3
            return ReporterDraft(name=name if has_name else "", phone=phone, sms_consent=consent)
        if privacy is Privacy.ANONIM:
            # Anonymous reporters may still leave a way to receive updates.
            r = rng.random()
            if r < 0.45:
                return ReporterDraft(phone=phone, sms_consent=consent, locale=locale)
            if r < 0.65:
                return ReporterDraft(email=email, locale=locale)
            return ReporterDraft()
        if channel is Channel.OPERATOR:
            return ReporterDraft(name=name, phone=phone, sms_consent=consent)
        r = rng.random()
        if channel is Channel.OPEN311:
            if r < 0.5:
                return ReporterDraft(name=name, email=email, locale=locale)
            return ReporterDraft(
                name=name, phone=phone, email=email, sms_consent=consent, locale=locale
            )
        if r < 0.55:
            return ReporterDraft(name=name, phone=phone, sms_consent=consent, locale=locale)
        if r < 0.8:
            return ReporterDraft(
                name=name, phone=phone, email=email, sms_consent=consent, locale=locale
            )
        return ReporterDraft(name=name, email=email, locale=locale)

    def pick_channel(self, at: datetime) -> Channel:
        # Call agents work office hours only.
        office = self.world.calendar.is_working_time(at)
        weights = (0.42, 0.32, 0.09, 0.17) if office else (0.50, 0.39, 0.11, 0.0)
        return self.rng.choices(
            (Channel.TELEPON, Channel.WEB, Channel.OPEN311, Channel.OPERATOR), weights=weights
        )[0]

    def pick_privacy(self, category: str) -> Privacy:
        default = self.world.default_privacy.get(category, "publik")
        weights = {
            "rahasia": (0.25, 0.2, 0.55),
            "anonim": (0.45, 0.42, 0.13),
        }.get(default, (0.66, 0.22, 0.12))
        return self.rng.choices((Privacy.PUBLIK, Privacy.ANONIM, Privacy.RAHASIA), weights=weights)[
            0
        ]

    def attributes(self, category: str, channel: Channel) -> dict[str, str]:
        if channel not in (Channel.WEB, Channel.OPEN311) or self.rng.random() < 0.3:
            return {}
        rng = self.rng
        if category == "JALAN-RUSAK":
            return {
                "ukuran_lubang": rng.choices(("kecil", "sedang", "besar", "amblas"), (3, 5, 3, 1))[
                    0
                ],
                "jenis_jalan": rng.choices(("kabupaten", "desa", "tidak_tahu"), (5, 3, 2))[0],
            }
        if category == "AIR-MATI":
            attrs = {"masalah_air": rng.choices(("mati", "kecil", "keruh"), (5, 3, 2))[0]}
            if rng.random() < 0.5:
                attrs["nomor_pelanggan"] = f"{rng.randint(1, 15):02d}.{rng.randrange(10000):04d}"
            return attrs
        if category == "PJU-MATI":
            return {"jumlah_lampu": str(rng.randint(1, 6))}
        return {}

    def plan_all(self, count: int) -> list[TicketPlan]:
        for n, (at, storm) in enumerate(self.arrivals(count)):
            self.plans.append(self.plan_one(n, at, storm))
        return self.plans

    def plan_one(self, n: int, at: datetime, storm: bool) -> TicketPlan:
        rng = self.rng
        category = self.pick_category(storm)
        place = self.pick_place(category)
        channel = self.pick_channel(at)
        privacy = self.pick_privacy(category)
        ctx = self.context(place)
        title, description = self.describe(category, ctx)
        reporter = self.reporter_draft(channel, privacy)
        junk = None
        r = rng.random()
        if r < 0.025:
            junk = "spam" if channel in (Channel.WEB, Channel.OPEN311) else "prank"
        elif r < 0.05:
            junk = "prank"
        elif r < 0.085:
            junk = "out_of_scope"
        incomplete = channel is Channel.TELEPON and junk is None and rng.random() < 0.04
        if junk == "spam":
            description, title = rng.choice(SPAM_TEXTS), "Info"
        elif junk == "prank":
            texts = PRANK_CALLS if channel is Channel.TELEPON else PRANK_TEXTS
            description, title = rng.choice(texts), "Tes"
        elif junk == "out_of_scope":
            description = rng.choice(OUT_OF_SCOPE_TEXTS)
            title = description.split(",")[0][:60]
        draft_category: str | None = category
        if channel is Channel.TELEPON and junk is None and rng.random() < 0.04:
            draft_category = None  # the caller pressed "lainnya"
        if incomplete:
            description = ""
        lat = lon = None
        if channel in (Channel.WEB, Channel.OPEN311) and junk is None and rng.random() < 0.55:
            c_lat, c_lon = KECAMATAN_CENTRE.get(place.kecamatan, (-7.36, 109.90))
            lat = round(c_lat + rng.uniform(-0.025, 0.025), 6)
            lon = round(c_lon + rng.uniform(-0.025, 0.025), 6)
        location = (
            ""
            if junk
            else (
                f"Sekitar {ctx['patokan']}, RT {ctx['rt']}/RW {ctx['rw']}, "
                f"{place.label}, Kec. {place.kecamatan_name}"
            )
        )
        if channel is Channel.TELEPON and rng.random() < 0.5:
            location = ""
        draft = ReportDraft(
            channel=channel,
            description=description,
            category_code=draft_category,
            region_code=place.code,
            location_text=location,
            latitude=lat,
            longitude=lon,
            privacy=privacy,
            reporter=reporter,
            title=title,
            incomplete=incomplete,
            likely_prank=junk == "prank" and channel is Channel.TELEPON and rng.random() < 0.5,
            attributes=self.attributes(category, channel) if junk is None else {},
            external_id=f"wsb-demo-{n + 1:05d}" if channel is Channel.OPEN311 else "",
        )
        if channel is Channel.OPERATOR:
            actor = Actor(
                ActorType.STAFF, rng.choice(self.world.operators) if self.world.operators else None
            )
        elif channel is Channel.TELEPON or channel is Channel.OPEN311:
            actor = SYSTEM
        else:
            actor = REPORTER
        plan = TicketPlan(n, at, draft, actor, category, fate="normal")
        self.plan_path(plan, place, ctx, junk)
        if junk is None:
            self.recent.setdefault((category, place.kecamatan), []).append(plan)
        return plan

    # -- paths -----------------------------------------------------------------------------

    def verifier(self) -> Actor:
        ids = self.world.verifiers
        return Actor(ActorType.STAFF, self.rng.choice(ids) if ids else None)

    def triage_delay(self, urgent: bool, at: datetime) -> datetime:
        """When a verifier first acts on a report that arrived at `at`."""
        rng = self.rng
        if urgent:
            if self.world.calendar.is_working_time(at) or rng.random() < 0.6:
                return self.wall(at, rng.uniform(0.1, 1.6))  # on duty or on call
            return self.work(at, rng.uniform(0.1, 1.0))  # next morning: the 2-hour clock breaks
        r = rng.random()
        if r < 0.55:
            hours = rng.uniform(0.1, 3)
        elif r < 0.85:
            hours = rng.uniform(3, 12)
        elif r < 0.93:
            hours = rng.uniform(12, 21)
        else:
            hours = rng.uniform(23, 45)  # past the 3-working-day verification clock
        return self.work(at, hours)

    def plan_path(
        self, plan: TicketPlan, place: Place, ctx: dict[str, Any], junk: str | None
    ) -> None:
        rng = self.rng
        steps = plan.steps
        draft = plan.draft
        category = plan.category
        assert category is not None
        urgent = self.world.urgent.get(category, False)
        agency, confident = self.world.route(category, place.code)
        if agency is None:
            # No rule (PUNGLI): the verifier sends it to the Inspektorat.
            agency = "INSPEKTORAT"
        auto = (
            confident
            and draft.category_code is not None
            and draft.channel is not Channel.TELEPON
            and not draft.incomplete
            and not draft.likely_prank
        )
        has_contact = draft.reporter.has_contact
        t = self.triage_delay(urgent, plan.at)
        v = self.verifier()

        if junk is not None:
            plan.fate = "rejected"
            if auto:
                # Dispatched straight to the agency by its rule: the agency sends it back.
                assert agency is not None
                t = self.work(plan.at, AGENCY_PACE.get(agency, 1.0) * rng.uniform(0.5, 10))
                steps.append(Step(t, "nom", {"reason": JUNK_RETURNED, "agency": agency}))
                t = self.work(t, rng.uniform(0.2, 4))
            steps.append(Step(t, "reject", {"reason": junk, "body": REJECT_BODY[junk], "by": v}))
            return
        if draft.incomplete:
            if has_contact and rng.random() < 0.6:
                plan.fate = "info_at_verification"
                steps.append(Step(t, "request_info", {"body": VERIFIER_INFO_REQUESTS[3], "by": v}))
                if rng.random() < 0.5:
                    t = self.reporter(t, rng.uniform(1, 48))
                    steps.append(Step(t, "info", {"body": self.info_answer(ctx)}))
                    t = self.work(t, rng.uniform(0.2, 6))
                else:
                    steps.append(
                        Step(
                            self.work(t, rng.uniform(75, 85)),
                            "archive",
                            {"body": ARCHIVE_BODY, "by": v},
                        )
                    )
                    return
            else:
                plan.fate = "rejected"
                steps.append(
                    Step(
                        t,
                        "reject",
                        {"reason": "incomplete", "body": REJECT_BODY["incomplete"], "by": v},
                    )
                )
                return

        r = rng.random()
        if not auto and r < 0.045:
            target = self.duplicate_target(plan, place)
            if target is not None:
                plan.fate = "merged"
                steps.append(Step(t, "merge", {"target": target.n, "body": MERGE_BODY, "by": v}))
                return
        if not auto and has_contact and r < 0.10 and plan.fate == "normal":
            plan.fate = "info_at_verification"
            steps.append(
                Step(t, "request_info", {"body": rng.choice(VERIFIER_INFO_REQUESTS[:3]), "by": v})
            )
            if rng.random() < 0.65:
                t = self.reporter(t, rng.uniform(1, 96))
                steps.append(Step(t, "info", {"body": self.info_answer(ctx)}))
                t = self.work(t, rng.uniform(0.2, 8))
            else:
                steps.append(
                    Step(
                        self.work(t, rng.uniform(75, 85)),
                        "archive",
                        {"body": ARCHIVE_BODY, "by": v},
                    )
                )
                return
        if has_contact and rng.random() < 0.012:
            plan.fate = "withdrawn"
            steps.append(
                Step(
                    self.reporter(plan.at, rng.uniform(2, 40)),
                    "withdraw",
                    {"body": rng.choice(WITHDRAW_BODIES)},
                )
            )
            return

        # Verified and dispatched (auto-dispatched reports skip these two steps when played).
        if category == "PUNGLI":
            t = self.work(t, rng.uniform(4, 30))  # needs a careful read before it goes anywhere
        if not auto:
            later = self.wall if urgent else self.work
            steps.append(Step(t, "verify", {"by": v}))
            t = (
                later(t, rng.uniform(0.02, 0.5))
                if rng.random() < 0.85
                else later(t, rng.uniform(1, 8))
            )
            wrong = WRONG_AGENCY.get(category)
            if wrong and wrong[0] != agency and rng.random() < 0.08:
                plan.fate = "not_our_mandate"
                steps.append(Step(t, "dispatch", {"agency": wrong[0], "by": v}))
                t = self.work(t, rng.uniform(1, 20))
                steps.append(Step(t, "nom", {"reason": wrong[1], "agency": wrong[0]}))
                t = self.work(t, rng.uniform(0.3, 10))
                v = self.verifier()
            steps.append(Step(t, "dispatch", {"agency": agency, "by": v}))
        self.plan_agency(plan, t, agency, ctx, urgent)

    def plan_agency(
        self,
        plan: TicketPlan,
        t: datetime,
        agency: str,
        ctx: dict[str, Any],
        urgent: bool,
        transferred: bool = False,
    ) -> None:
        rng = self.rng
        steps = plan.steps
        category = plan.category
        assert category is not None
        pace = AGENCY_PACE.get(agency, 1.0)
        has_contact = plan.draft.reporter.has_contact
        later: Callable[[datetime, float], datetime] = self.wall if urgent else self.work
        ctx = dict(ctx, tanggal="")

        # Accepting the ticket.
        if urgent:
            t = self.wall(t, rng.uniform(0.1, 1.5))
        else:
            t = later(t, pace * (rng.uniform(0.2, 6) if rng.random() < 0.8 else rng.uniform(6, 20)))
        steps.append(Step(t, "accept", {"agency": agency}))

        if rng.random() < 0.03 and not urgent:
            plan.fate = "stuck"  # nobody gets round to it: its clocks break and escalate
            return

        transfer = TRANSFERS.get(category)
        if not transferred and transfer and transfer[0] != agency and rng.random() < 0.06:
            plan.fate = "transferred"
            t = later(t, pace * rng.uniform(1, 12))
            steps.append(
                Step(t, "transfer", {"to": transfer[0], "reason": transfer[1], "agency": agency})
            )
            self.plan_agency(plan, t, transfer[0], ctx, urgent, transferred=True)
            return

        # How long the real work takes, in working hours (wall hours when urgent).
        if urgent:
            work_hours = rng.uniform(2, 20) if rng.random() < 0.85 else rng.uniform(25, 60)
            limit = 24.0
        elif category in INFRASTRUCTURE:
            work_hours = (
                pace * rng.uniform(15, 140) if rng.random() < 0.88 else rng.uniform(230, 330)
            )
            limit = 30 * WORK_DAY_HOURS
        elif agency == "DISDUKCAPIL":
            work_hours = pace * rng.uniform(2, 35) if rng.random() < 0.92 else rng.uniform(110, 160)
            limit = 14 * WORK_DAY_HOURS
        else:
            work_hours = pace * rng.uniform(3, 60) if rng.random() < 0.88 else rng.uniform(110, 200)
            limit = 14 * WORK_DAY_HOURS
        late = work_hours > limit
        answer_at = later(t, work_hours)

        if has_contact and not urgent and rng.random() < 0.05:
            plan.fate = "info_at_agency"
            ask_at = later(t, pace * rng.uniform(1, 10))
            steps.append(
                Step(
                    ask_at,
                    "request_info",
                    {
                        "body": AGENCY_INFO_REQUESTS.get(category, GENERIC_AGENCY_INFO_REQUEST),
                        "agency": agency,
                    },
                )
            )
            if rng.random() < 0.3:
                steps.append(
                    Step(
                        self.work(ask_at, rng.uniform(75, 90)),
                        "archive",
                        {"body": ARCHIVE_BODY, "agency": agency},
                    )
                )
                return
            info_at = self.reporter(ask_at, rng.uniform(2, 72))
            steps.append(Step(info_at, "info", {"body": self.info_answer(ctx)}))
            answer_at = later(info_at, work_hours * 0.6)

        first_response = 6.0 if urgent else 5 * WORK_DAY_HOURS
        if (urgent or work_hours > first_response * 0.5) and rng.random() < 0.85:
            if urgent:
                reply_in = rng.uniform(0.3, 4)
            elif rng.random() < 0.9:
                reply_in = pace * rng.uniform(1, 18)
            else:
                reply_in = rng.uniform(30, 60)  # a late first word: the clock has broken
            reply_at = later(t, reply_in)
            if reply_at < answer_at:
                steps.append(
                    Step(
                        reply_at,
                        "reply",
                        {
                            "body": rng.choice(
                                PROGRESS_REPLIES.get(agency, GENERIC_PROGRESS)
                            ).format(**ctx),
                            "agency": agency,
                        },
                    )
                )
        if rng.random() < 0.25:
            notes = INTERNAL_NOTES + (FIELD_NOTES if category in FIELD_CATEGORIES else ())
            note_at = later(t, rng.uniform(0.2, 8))
            if note_at < answer_at:
                steps.append(
                    Step(
                        note_at,
                        "note",
                        {"body": rng.choice(notes).format(**ctx), "agency": agency},
                    )
                )
        steps.append(
            Step(
                answer_at,
                "answer",
                {"body": rng.choice(ANSWERS[category]), "ctx": ctx, "agency": agency},
            )
        )
        self.plan_reporter_response(plan, answer_at, agency, ctx, urgent, late, pace)

    def plan_reporter_response(
        self,
        plan: TicketPlan,
        t: datetime,
        agency: str,
        ctx: dict[str, Any],
        urgent: bool,
        late: bool,
        pace: float,
        disputed: bool = False,
    ) -> None:
        rng = self.rng
        steps = plan.steps
        if not plan.draft.reporter.has_contact and rng.random() < 0.7:
            return  # an anonymous reporter without contact rarely comes back: auto-close
        r = rng.random()
        when = self.reporter(t, rng.uniform(1, 96))
        if r < 0.50:
            rating = self.rating(late or disputed)
            steps.append(
                Step(
                    when, "rate", {"rating": rating, "comment": rng.choice(RATING_COMMENTS[rating])}
                )
            )
        elif r < 0.58:
            steps.append(Step(when, "confirm"))
        elif r < 0.66 and not disputed:
            plan.fate = "disputed"
            when = self.reporter(t, rng.uniform(4, 120))
            steps.append(Step(when, "dispute", {"body": rng.choice(DISPUTES)}))
            later = self.wall if urgent else self.work
            again = later(when, rng.uniform(2, 20) if urgent else pace * rng.uniform(4, 60))
            steps.append(
                Step(
                    again,
                    "answer",
                    {
                        "body": rng.choice(ANSWERS[plan.category or "JALAN-RUSAK"]),
                        "ctx": ctx,
                        "agency": agency,
                    },
                )
            )
            self.plan_reporter_response(plan, again, agency, ctx, urgent, late, pace, disputed=True)
        elif rng.random() < 0.2:
            # No answer from the reporter: the sweep closes it; some rate it afterwards.
            rating = self.rating(late)
            steps.append(
                Step(
                    self.reporter(t, rng.uniform(15 * 24, 25 * 24)),
                    "rate",
                    {"rating": rating, "comment": rng.choice(RATING_COMMENTS[rating])},
                )
            )

    def rating(self, unhappy: bool) -> int:
        weights = (17, 18, 25, 25, 15) if unhappy else (5, 5, 11, 34, 45)
        return self.rng.choices((1, 2, 3, 4, 5), weights=weights)[0]

    def info_answer(self, ctx: dict[str, Any]) -> str:
        return self.rng.choice(INFO_ANSWERS).format(**ctx)

    def duplicate_target(self, plan: TicketPlan, place: Place) -> TicketPlan | None:
        assert plan.category is not None
        candidates = [
            p
            for p in self.recent.get((plan.category, place.kecamatan), [])
            if p.fate not in ("merged", "rejected", "withdrawn")
            and timedelta(0) < plan.at - p.at < timedelta(days=10)
        ]
        return self.rng.choice(candidates[-5:]) if candidates else None


# --------------------------------------------------------------------------------------------
# Playing the plan
# --------------------------------------------------------------------------------------------


_PHONE = re.compile(r"(?:\+62|\b62|\b0)[ .-]?8[\d .-]{7,14}\d")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_RT_RW = re.compile(r",?\s*RT\s*\d+\s*/\s*RW\s*\d+")
PUBLISHED_PRIVACY = (Privacy.PUBLIK, Privacy.ANONIM)


def redact(text: str, names: tuple[str, ...] = ()) -> str:
    """The verifier's public version of a report: no names, phone numbers, e-mail addresses,
    nor the RT/RW that points at a few houses (pure, so the demo stays deterministic)."""
    text = _EMAIL.sub("[e-mail]", text)
    text = _PHONE.sub("[nomor telepon]", text)
    text = _RT_RW.sub("", text)
    for name in names:
        if name:
            text = re.sub(rf"\b{re.escape(name)}\b", "[nama]", text)
    return text.strip()


def _tanggal(at: datetime) -> str:
    local = at.astimezone(WIB)
    return f"{DAYS_ID[local.weekday()]}, {local.day} {MONTHS_ID[local.month - 1]} {local.year}"


class Player:
    """Performs planned steps with the ticket service, as the person each step belongs to."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.ids: dict[int, int] = {}  # plan number -> ticket id
        self.done: Counter[str] = Counter()
        self.skipped: Counter[str] = Counter()

    def staff(self, agency_id: int | None, *, lead: bool = False) -> Actor:
        code = self.world.agency_codes.get(agency_id) if agency_id else None
        users = self.world.supervisors if lead else self.world.petugas
        user = users.get(code or "") or self.world.petugas.get(code or "")
        return Actor(ActorType.STAFF, user)

    async def create(self, plan: TicketPlan) -> None:
        created = await create_report(plan.draft, actor=plan.actor)
        self.ids[plan.n] = created.ticket_id
        self.done["create"] += 1

    async def step(self, plan: TicketPlan, step: Step) -> None:
        ticket_id = self.ids[plan.n]
        # Raw: this read runs once per step, and the query builder costs more than the query.
        rows = await Ticket.raw(
            "SELECT status, agency, rating FROM ticket WHERE id = {}", ticket_id
        )
        row = rows[0]
        status = Status(row["status"])
        allowed = allowed_actions(status)
        op, a = step.op, step.args
        action = {
            "verify": Action.VERIFY,
            "dispatch": Action.DISPATCH,
            "request_info": Action.REQUEST_INFO,
            "archive": Action.ARCHIVE,
            "reject": Action.REJECT,
            "merge": Action.MERGE,
            "accept": Action.ACCEPT,
            "nom": Action.NOT_OUR_MANDATE,
            "transfer": Action.TRANSFER,
            "answer": Action.ANSWER,
            "confirm": Action.CONFIRM,
            "dispute": Action.DISPUTE,
            "withdraw": Action.WITHDRAW,
        }.get(op)
        agency_code = self.world.agency_codes.get(row["agency"]) if row["agency"] else None
        if action is not None and action not in allowed:
            self.skipped[op] += 1
            return
        # Agency steps only make sense while the ticket is with that agency.
        if "agency" in a and op not in ("dispatch", "nom") and a["agency"] != agency_code:
            self.skipped[op] += 1
            return
        if op == "nom" and agency_code != a["agency"]:
            self.skipped[op] += 1
            return
        if op in ("verify", "reject", "merge") or (op in ("request_info", "archive") and "by" in a):
            actor = a["by"]
        else:
            actor = self.staff(row["agency"], lead=op in ("transfer", "nom"))

        if op == "dispatch":
            await perform(
                ticket_id,
                Action.DISPATCH,
                actor=a["by"],
                agency_id=self.world.agency_ids[a["agency"]],
            )
        elif op == "merge":
            target = self.ids.get(a["target"])
            if target is None or target == ticket_id:
                self.skipped[op] += 1
                return
            other = await Ticket.select(Ticket.status).where(Ticket.id == target).first()
            if other is None or other["status"] == Status.DUPLIKAT.value:
                self.skipped[op] += 1
                return
            await perform(ticket_id, Action.MERGE, actor=actor, body=a["body"], duplicate_of=target)
        elif op == "verify":
            async with transaction():
                await perform(ticket_id, Action.VERIFY, actor=actor, body=a.get("body", ""))
                await self.publish_redacted(ticket_id, plan, actor)
        elif op == "reject":
            await perform(ticket_id, Action.REJECT, actor=actor, body=a["body"], reason=a["reason"])
        elif op == "transfer":
            target_id = self.world.agency_ids[a["to"]]
            if target_id == row["agency"]:
                self.skipped[op] += 1
                return
            await perform(
                ticket_id, Action.TRANSFER, actor=actor, agency_id=target_id, reason=a["reason"]
            )
        elif op == "nom":
            await perform(ticket_id, Action.NOT_OUR_MANDATE, actor=actor, reason=a["reason"])
        elif op == "answer":
            body = a["body"].format(**dict(a["ctx"], tanggal=_tanggal(step.at)))
            await perform(ticket_id, Action.ANSWER, actor=actor, body=body)
        elif op in ("reply", "note"):
            if status in (Status.DITOLAK, Status.DUPLIKAT, Status.DIARSIPKAN):
                self.skipped[op] += 1
                return
            await reply(ticket_id, a["body"], actor=actor, public=op == "reply")
        elif op == "info":
            if status in (Status.DITOLAK, Status.DUPLIKAT, Status.DIARSIPKAN):
                self.skipped[op] += 1
                return
            await add_information(ticket_id, a["body"])
        elif op == "rate":
            if status not in (Status.DITANGGAPI, Status.SELESAI) or row["rating"] is not None:
                self.skipped[op] += 1
                return
            await rate(ticket_id, a["rating"], a["comment"])
        elif op in ("confirm", "dispute", "withdraw"):
            assert action is not None
            await perform(ticket_id, action, actor=REPORTER, body=a.get("body", ""))
        else:
            assert action is not None
            await perform(ticket_id, action, actor=actor, body=a.get("body", ""))
        self.done[op] += 1

    async def publish_redacted(self, ticket_id: int, plan: TicketPlan, actor: Actor) -> None:
        """What the verifier does beside verifying: write the text that may be published."""
        draft = plan.draft
        if draft.privacy not in PUBLISHED_PRIVACY or not draft.description.strip():
            return
        public = redact(draft.description, (draft.reporter.name,))
        await publish_redaction(ticket_id, public, actor=actor)


async def play(
    rng: random.Random,
    *,
    start: datetime,
    end: datetime,
    tickets: int,
    say: Callable[[str], None],
) -> dict[str, Any]:
    """Plan and play `tickets` reports arriving between `start` and `end` (both UTC)."""
    world = await load_world()
    planner = Planner(rng, world, start, end)
    plans = planner.plan_all(tickets)
    say(
        f"riwayat: {len(plans)} laporan direncanakan, {start.astimezone(WIB):%d-%m-%Y} s.d. "
        f"{(end - timedelta(seconds=1)).astimezone(WIB):%d-%m-%Y}"
    )

    # Every happening in time order: (when, report, -1 for its arrival or the step's index).
    timeline: list[tuple[datetime, int, int]] = []
    for plan in plans:
        timeline.append((plan.at, plan.n, -1))
        for i, step in enumerate(plan.steps):
            if step.at < end:
                timeline.append((step.at, plan.n, i))
    timeline.sort(key=lambda x: (x[0], x[1], x[2]))

    player = Player(world)
    now = start
    clock.set_clock(lambda: now)
    next_sweep = start.replace(minute=0, second=0, microsecond=0) + SWEEP_EVERY
    sweeps: Counter[str] = Counter()
    month = None
    created = 0

    async def sweep_until(t: datetime) -> None:
        nonlocal now, next_sweep
        while next_sweep <= t:
            now = next_sweep
            stats = await sweep(now=now)
            sweeps["warnings"] += stats.warnings
            sweeps["escalations"] += stats.escalations
            sweeps["auto_closed"] += stats.auto_closed
            next_sweep += SWEEP_EVERY

    for at, n, i in timeline:
        await sweep_until(at)
        now = at
        plan = plans[n]
        if i < 0:
            await player.create(plan)
            created += 1
            local = at.astimezone(WIB)
            if (local.year, local.month) != month:
                month = (local.year, local.month)
                say(
                    f"riwayat: {MONTHS_ID[local.month - 1]} {local.year} ({created}/{len(plans)} laporan)"
                )
        else:
            await player.step(plan, plan.steps[i])
    await sweep_until(end)
    now = end

    ticket_ids = sorted(player.ids.values())
    for i in range(0, len(ticket_ids), 500):
        chunk = ticket_ids[i : i + 500]
        await Ticket.update({Ticket.is_demo: True}).where(Ticket.id.is_in(chunk))
    return {
        "fates": dict(sorted(Counter(p.fate for p in plans).items())),
        "steps_done": dict(sorted(player.done.items())),
        "steps_skipped": dict(sorted(player.skipped.items())),
        "sweep": dict(sweeps),
    }
