#!/usr/bin/env bash
# A private Postfix instance on loopback, for the milter's end-to-end test and load bench.
# Source this file, then: pf_configure DIR SMTP_PORT [MILTER_PORT [NAME=VALUE…]]; pf_start DIR;
# pf_stop DIR. The NAME=VALUE pairs override main.cf's settings (e.g. milter_command_timeout=3s).
# Nothing outside DIR is touched (no /etc/postfix); it needs root and postfix installed
# (preseed "No configuration", see .ci/run). Mail to the test domains is delivered by virtual(8)
# to the Maildir DIR/mail/inbox/.

# Domains of the corpus directory's addresses: the instance delivers them all locally.
PF_DOMAINS="ch-exemple.mssante.fr, ime-les-pins.mssante.fr, psy-exemple.mssante.fr, ccas-exemple.mssante.fr, departement-exemple.mssante.fr, dac-exemple.mssante.fr, udaf-exemple.mssante.fr, patient.mssante.fr, medecin.mssante.fr, pharmacien.mssante.fr, ehpad-dieppe.mssante.fr, ch-dieppe.mssante.fr, cabinet-roux.mssante.fr, hopital-exemple.fr, association-exemple.fr, gmail.com, orange.fr, example.test"

pf_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

pf_configure() {
  local dir=$1 smtp_port=$2 milter_port=${3:-}
  shift $(($# < 3 ? $# : 3))
  rm -rf "$dir"
  mkdir -p "$dir/etc" "$dir/spool" "$dir/data" "$dir/mail"
  chown postfix "$dir/data"
  chown 65534:65534 "$dir/mail"
  local milters=""
  [ -n "$milter_port" ] && milters="inet:127.0.0.1:$milter_port"
  cat > "$dir/etc/main.cf" <<CF
compatibility_level = 3.6
queue_directory = $dir/spool
data_directory = $dir/data
mail_owner = postfix
setgid_group = postdrop
myhostname = mx.ci.test
mydomain = ci.test
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
alias_maps =
alias_database =
smtputf8_enable = no
virtual_mailbox_domains = $PF_DOMAINS
virtual_mailbox_base = $dir/mail
virtual_mailbox_maps = static:inbox/
virtual_uid_maps = static:65534
virtual_gid_maps = static:65534
virtual_destination_concurrency_limit = 50
default_process_limit = 200
smtpd_milters = $milters
non_smtpd_milters =
milter_default_action = tempfail
milter_protocol = 6
milter_connect_timeout = 10s
milter_command_timeout = 30s
milter_content_timeout = 120s
message_size_limit = 30000000
maillog_file_prefixes = /var, /dev/stdout, $dir
maillog_file = $dir/maillog
CF
  cat > "$dir/etc/master.cf" <<CF
127.0.0.1:$smtp_port inet n - n - - smtpd
pickup    unix  n - n 60 1 pickup
cleanup   unix  n - n -  0 cleanup
qmgr      unix  n - n 300 1 qmgr
rewrite   unix  - - n -  - trivial-rewrite
bounce    unix  - - n -  0 bounce
defer     unix  - - n -  0 bounce
trace     unix  - - n -  0 bounce
verify    unix  - - n -  1 verify
flush     unix  n - n 1000? 0 flush
proxymap  unix  - - n -  - proxymap
smtp      unix  - - n -  - smtp
relay     unix  - - n -  - smtp
showq     unix  n - n -  - showq
error     unix  - - n -  - error
retry     unix  - - n -  - error
discard   unix  - - n -  - discard
local     unix  - n n -  - local
virtual   unix  - n n -  - virtual
anvil     unix  - - n -  1 anvil
scache    unix  - - n -  1 scache
postlog   unix-dgram n - n - 1 postlogd
CF
  if [ $# -gt 0 ]; then postconf -c "$dir/etc" -e "$@"; fi
}

pf_wait_port() {
  local port=$1 i
  for i in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "nothing listens on port $port" >&2
  return 1
}

pf_start() {
  local dir=$1
  postfix -c "$dir/etc" check
  postfix -c "$dir/etc" start >/dev/null
}

pf_stop() {
  postfix -c "$1/etc" stop >/dev/null 2>&1 || true
}
