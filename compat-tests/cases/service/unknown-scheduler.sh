# desc: unknown scheduler on -A and -E gives Scheduler or persistence engine not found, rc 255; -E on a missing service with a bad scheduler
ipvsadm -A -t 10.0.0.100:80 -s nosuch
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80 -s rr
ipvsadm -E -t 10.0.0.100:80 -s nosuch
echo "rc=$?"
ipvsadm -E -t 10.0.0.100:81 -s nosuch
echo "rc=$?"
ipvsadm -Ln
