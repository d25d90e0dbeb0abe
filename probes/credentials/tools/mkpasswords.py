#!/usr/bin/env python3
"""Writes probes/credentials/data/default-passwords.txt.

The list is assembled for assay from the vendors' own documentation of
factory credentials as remembered by its authors, grouped by product family,
plus the weak passwords every audit finds, plus bounded variants of the most
common ones.  Order is likelihood first: hashes that are expensive to try
only get the head of the list.  Run it from anywhere; the output is
deterministic.  See probes/credentials/data/README.md.
"""
import os
import sys

# Tier 1: the defaults found again and again in shipped images.
TIER1 = """
admin password root 1234 12345 123456 default toor changeme guest user
support pass admin123 password1 12345678 123456789 1234567890 1234567
letmein qwerty abc123 111111 000000 0000 00000 admin1 administrator system
manager service test test123 raspberry ubnt cisco public private alpine
vagrant ubuntu debian pi root123 rootroot adminadmin admin@123 Admin@123
P@ssw0rd Passw0rd password123 Password1 Password123 welcome welcome1 secret
master super superuser sysadmin operator 888888 666666 54321 123123 1111
11111111 4321 123qwe qwe123 1q2w3e4r 1qaz2wsx changeit tomcat s3cret
openwrt temppwd nvidia orangepi bananapi odroid dietpi osmc libreelec
openelec volumio octopi kali live pfsense opnsense vmware VMware1! calvin
ADMIN 0penBmc PASSW0RD USERID nsroot synology qnap ikwb vizxv xc3511
7ujMko0admin 7ujMko0vizxv juantech xmhdipc hi3518 klv123 klv1234 Zte521
zte521 anko jvbzd GM8182 zlxx. realtek smcadmin meinsm dreambox zhongxing
hslwificam tech supervisor admintelecom telecomadmin hik12345 Admin12345
moxa wago private1 1111111 12345678910 passwd pass123 pass1234 user123
guest123 demo demo123 test1 testing sample example temp temp123 default1
router modem gateway switch firewall camera ipcam dvr nvr cctv video
"""

# Tier 2: vendor and product defaults by family.
VENDORS = """
# network equipment
Cisco class enable cisco123 Cisco123 sanfran netgear1 linksys dlink tplink
TPLink zyxel 1234admin huawei Admin@huawei Huawei@123 huawei123 HuaweiUser
hg8245 Zte@123 zteadmin motorola arris technicolor thomson sagem sagemcom
draytek mikrotik fortinet fortigate paloalto netscreen juniper juniper123
Juniper admin01 cambium 3com synnet switch1 avaya Avaya123 polycom 456
22222 yealink grandstream aastra vodafone orange 2wire netopia speedtouch
belkin buffalo password! edimax tenda mercusys totolink wavlink asus
asusrouter ruckus ruckus123 aruba aerohive ubiquiti airos unifi meraki
extreme extreme1 brocade foundry alcatel nokia ericsson ericsson1 ZXDSL
adslroot adsl admin1234 superadmin SuperAdmin adminpass adminpwd
# security appliances and servers
readwrite readonly barracuda sonicwall watchguard sophos untangle ipfire
zeroshell kerio checkpoint bluecoat f5 citrix netscaler
# baseboard management, storage and virtualisation
superuser1 PASSWORD admin000 dellpass hpinvent compaq ibm lenovo 11111
freenas truenas nas4free openmediavault unraid wd netapp netapp1 storage
esxi vcenter proxmox xenserver citrix1 ovirt nutanix nutanix/4u
# cameras, DVRs and IoT
hikvision hik dahua 12345a foscam axis pass1 vivotek geovision avtech acti
arecont brickcom mobotix panasonic sony bosch samsung lorex swann qsee
annke reolink amcrest wanscam tenvis 3518 h264 vstarcam jooan ipcam123
xiaomi tuya sonoff tasmota espurna shelly esphome homeassistant hass
openhab habopen pihole octoprint mosquitto mqtt nodered
# industrial control
schneider siemens s7 beckhoff 1 wago123 phoenix rockwell digi dbps
lantronix access sierra teltonika cradlepoint advantech honeywell
emerson abb ge yokogawa omron mitsubishi
# printers and office devices
xerox x-admin 1111a ricoh canon kyocera admin00 sharp Sharp lexmark
konica epson brother initpass
# databases, middleware and applications
mysql oracle tiger scott postgres sa sapassword db2inst1 informix sybase
mongo mongodb redis rabbitmq elastic kibana jenkins nagios nagiosadmin
zabbix cacti grafana prometheus gitlab sonar sonarqube nexus admin123!
wildfly jboss weblogic websphere glassfish adminadmin1 manager1 role1
both j2deployer xampp wampp lampp phpmyadmin wordpress joomla drupal
magento prestashop odoo openerp couchdb cassandra neo4j influxdb
minio minioadmin minio123 keycloak portainer rancher harbor Harbor12345
# operating system images and boards
centos fedora redhat rocky alma arch manjaro mint opensuse suse gentoo
knoppix puppy slackware freebsd openbsd netbsd solaris aix hpux
beaglebone jetson pine64 rock64 radxa khadas toradex yocto buildroot
android google chromeos ChromeOS raspberrypi rpi raspbian armbian 1234pi
"""

# Weak passwords seen in every breach corpus.
COMMON = """
iloveyou trustno1 dragon monkey football baseball sunshine princess shadow
michael mustang access letmein1 passw0rd hello hello123 freedom whatever
qazwsx qwertyuiop asdfgh asdfghjkl zxcvbn zxcvbnm 1q2w3e 1q2w3e4r5t
q1w2e3r4 qwer1234 asdf1234 zaq12wsx 123abc abc1234 a1b2c3 aa123456
password2 password12 Password! Password@123 P@ssword P@55w0rd p@ssw0rd
p@ssword pa55word pa$$word passwort motdepasse contrasena senha parola
wachtwoord salasana haslo jelszo lozinka geslo sifre mima woaini 5201314
123321 112233 121212 123654 654321 987654321 987654 147258369 147258
159753 159357 741852963 789456123 456789 123456a 123456q 12qwaszx
charlie jordan buster soccer hockey killer george andrew thomas robert
jessica ashley daniel hunter ranger harley batman superman starwars
computer internet server network security login letmein! welcome123
Welcome1 Welcome123 Summer2024 Winter2024 Spring2024 Autumn2024 Company1
qwerty123 Qwerty123 qwerty1 abcdef abcd1234 abcde 12344321 11223344
00000000 99999999 88888888 77777777 55555555 22222222 33333333 44444444
66666666 0123456789 123454321 1234qwer qwer asdf zxcv 1qazxsw2 !QAZ2wsx
1qaz@WSX Aa123456 Aa123456! Abc123 Abc@123 abc@123 Abcd1234 Abcd@1234
"""

# Words whose simple variants are tried too.
VARIANT_SEEDS = """
admin password root default changeme guest user support pass test
welcome secret master manager service system operator raspberry ubnt
cisco qwerty letmein administrator super superuser vmware oracle
postgres mysql tomcat jenkins
"""

SUFFIXES = ["1", "12", "123", "1234", "12345", "!", "@123", "#1", "01",
    "001", "2", "99", "00", "!@#", "123!"]
YEARS = [str(y) for y in range(2010, 2027)]


def words(block):
    out = []
    for line in block.strip().splitlines():
        if line.startswith("#"):
            continue
        out.extend(line.split())
    return out


def variants(w):
    cap = w[:1].upper() + w[1:]
    out = [cap, w.upper(), w[::-1], w + w]
    for s in SUFFIXES:
        out.append(w + s)
        out.append(cap + s)
    for y in YEARS:
        out.append(w + y)
        out.append(cap + y)
        out.append(cap + "@" + y)
    out.append(w.replace("a", "@").replace("o", "0").replace("s", "$"))
    out.append(cap.replace("a", "@").replace("o", "0").replace("s", "$"))
    return out


def numbers():
    out = []
    for d in "0123456789":
        for n in range(4, 11):
            out.append(d * n)
    for n in range(4, 11):
        out.append("".join(str(i % 10) for i in range(1, n + 1)))
        out.append("".join(str(i % 10) for i in range(0, n)))
        out.append("".join(str(i % 10) for i in range(n, 0, -1)))
    for y in range(1950, 2027):
        out.append(str(y))
    # PIN-like dates (DDMM, MMDD) are too many; keep the year pairs.
    for y in range(1970, 2027):
        out.append("%02d%02d" % (y % 100, y % 100))
    return out


def main():
    seen = set()
    out = []

    def add(seq):
        for w in seq:
            if w and w not in seen and len(w) <= 64:
                seen.add(w)
                out.append(w)

    add(words(TIER1))
    add(words(VENDORS))
    add(words(COMMON))
    for w in words(VARIANT_SEEDS):
        add(variants(w))
    add(numbers())
    for w in words(TIER1) + words(VENDORS):
        if w.isalpha() and len(w) >= 4:
            add(variants(w)[:12])
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "data", "default-passwords.txt")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("# assay default-password list; see README.md in this "
                "folder.\n")
        f.write("# One password a line, most likely first.  Generated by "
                "probes/credentials/tools/mkpasswords.py.\n")
        for w in out:
            if w.startswith("#") or w.startswith("\\"):
                w = "\\" + w
            f.write(w + "\n")
    print("%d entries" % len(out), file=sys.stderr)


if __name__ == "__main__":
    main()
