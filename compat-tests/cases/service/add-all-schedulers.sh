# desc: every scheduler module is accepted by -A and listed (twos does not exist on 6.1: Scheduler or persistence engine not found)
n=80
for s in rr wrr lc wlc lblc lblcr dh sh sed nq fo ovf mh twos; do
  ipvsadm -A -t 10.0.0.100:$n -s $s
  echo "$s rc=$?"
  n=$((n+1))
done
ipvsadm -Ln
