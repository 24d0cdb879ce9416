# desc: --stats on a varied table (TCP/UDP/SCTP/IPv6/fwmark, tunnel and mixed-af dests, thresholds, pe), with names and numeric
. /payload/lib/views.sh
views_table
ipvsadm -L --stats
echo "rc=$?"
ipvsadm -Ln --stats
echo "rc=$?"
