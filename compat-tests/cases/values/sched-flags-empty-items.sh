# desc: -b lists with empty items around real ones (leading, trailing, doubled commas) are accepted; an all-empty list is not tested (1.31 segfaults)
ipvsadm -A -t 10.0.0.106:80 -b ,flag-1
echo "rc=$?"
ipvsadm -A -t 10.0.0.106:81 -b flag-2,
echo "rc=$?"
ipvsadm -A -t 10.0.0.106:82 -b ,,flag-3,,
echo "rc=$?"
ipvsadm -A -t 10.0.0.106:83 -s sh -b sh-port,,sh-port
echo "rc=$?"
ipvsadm -Ln
