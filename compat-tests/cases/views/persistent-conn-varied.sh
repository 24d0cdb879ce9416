# desc: --persistent-conn on a varied table (TCP/UDP/SCTP/IPv6/fwmark, tunnel and mixed-af dests, thresholds, pe), with names and numeric
. /payload/lib/views.sh
views_table
ipvsadm -L --persistent-conn
echo "rc=$?"
ipvsadm -Ln --persistent-conn
echo "rc=$?"
