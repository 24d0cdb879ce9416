# desc: --tun-info on a varied table (TCP/UDP/SCTP/IPv6/fwmark, tunnel and mixed-af dests, thresholds, pe), with names and numeric
. /payload/lib/views.sh
views_table
ipvsadm -L --tun-info
echo "rc=$?"
ipvsadm -Ln --tun-info
echo "rc=$?"
