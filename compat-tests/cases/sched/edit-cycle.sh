# desc: -E cycling one service (with dests) through every scheduler; dests survive; listing after each edit
ipvsadm -A -t 10.0.0.100:80 -s rr
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -g -w 2
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.3 -g -w 0
for s in wrr lc wlc lblc lblcr dh sh sed nq fo ovf mh rr; do
  ipvsadm -E -t 10.0.0.100:80 -s $s
  echo "$s rc=$?"
  ipvsadm -Ln -t 10.0.0.100:80
done
ipvsadm -E -t 10.0.0.100:80
echo "rc=$?"
ipvsadm -Sn
