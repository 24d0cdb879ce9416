# desc: -E replaces everything: omitted -s resets to wlc, omitted -p drops persistence and mask, omitted -b/-o clear flags
ipvsadm -A -t 10.0.0.100:443 -s rr -p 600 -M 255.255.255.0
ipvsadm -Ln
ipvsadm -E -t 10.0.0.100:443
echo "rc=$?"
ipvsadm -Ln
ipvsadm -A -t 10.0.0.100:80 -s sh -b sh-port -p 50
ipvsadm -E -t 10.0.0.100:80 -s lc
echo "rc=$?"
ipvsadm -A -u 10.0.0.100:53 -s rr -o -p 30
ipvsadm -E -u 10.0.0.100:53 -s rr
echo "rc=$?"
ipvsadm -Ln
